# hutong — two commands do everything: `make demo` and `make test`.
GO        ?= go
REPORTS   ?= hutong-report
# package:FuzzFunction:budget, one per fuzz target. Each budget is a count
# of inputs, about 3 s of one worker on the 2-core machine (the targets run
# from 18 to 17,000 inputs a second): a budget in seconds ends at a
# deadline, and Go 1.26's fuzzing coordinator can report that deadline as
# a failure, "context deadline exceeded" with no failing input
# (go.dev/issue/75804, fixed in Go 1.27). FUZZTIME, if given, is every
# target's budget instead (e.g. 'make fuzz FUZZTIME=200000x').
FUZZTIME  ?=
FUZZ      := ./contract/iti:FuzzClientDecoding:2500x ./model/requirement:FuzzLoad:60x \
             ./barcode/emv:FuzzParse:45000x ./barcode/emv:FuzzValidate:50000x
BIN       := bin/hutong
# The packages whose tests take longest, slowest first. 'go test' starts
# packages in the order it is given them (./... adds the rest, without
# repeats), as many at a time as there are cores; the slowest started last
# would leave the others' cores idle at the end.
SLOWTESTS := ./internal/runner ./cmd/hutong ./reports/html ./reports/certificate \
             ./steps/access ./internal/shard

# The runner's sweeps over every switch, variant and seed: under -race they
# check a sample (see internal/runner/race_on_test.go), and 'make test' runs
# them whole again without -race.
SWEEPS    := TestEveryViolationFailsExactlyItsRequirements|TestBlackBoxViolationsFailLikeInProcess|TestTheChineseTwinJudgesAsTheEnglishText|LinkCases|TestEveryThreatSwitchIsCaughtAtEverySeed|TestEverySecThreatHasASwitchCaughtAtEverySeed|TestEveryTamperSwitchIsCaughtAtEverySeed|TestEveryVariantIsCertified|TestRuleChangesAndRolloutsAtEverySeed|TestPageSwitchesAreCaughtOnlyObserved|TestQR04SwitchesAreCaughtAtEverySeed|TestTheBrowserEndsWithTheRun|TestDepthPaySwitchesAreCaughtAtEverySeed|TestDepthAccessSwitchesAreCaughtAtEverySeed|TestSessionLeaksAreCaughtAtEverySeed|TestDepthQRSwitchesAreCaughtAtEverySeed

# Checks of every byte of a signed document, sampled under -race
# (reports/certificate/race_on_test.go) and run whole in the sweeps.
BYTESWEEPS := TestOneByteChangedIsRejected

.PHONY: demo test checks build lint lint-openapi fuzz bench clean

## demo: certify the embedded reference implementation and write the reports
demo: build
	$(BIN) certify --report-dir $(REPORTS)

## build: build the hutong binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/hutong

## test: at once (.ci/phases): the static checks (go vet, gofmt, the
## OpenAPI lint), short fuzz runs, every test under -race (the feature suite
## against the reference, a sample of every sweep, black-box runs, report
## checks in xmllint and chromium), and the sweeps over every switch,
## variant, seed and byte without -race. The -race tests alone keep about
## one and a half of the 2 cores busy, the sweeps about one; the timing
## comparisons (ACCESS-05, QR-04) judge pairs timed back to back, which load
## falls on alike. The sweeps run with GOGC=400: a certification allocates
## briskly and keeps little, and letting the heap grow further between
## collections takes a quarter off their CPU (under -race it gains
## nothing). A -race test binary sleeps a second as it exits, by default, for
## the reports of goroutines still running; the tests have ended theirs by
## then, and the phase's fifty-odd binaries would sleep half a minute.
test:
	@.ci/phases \
		checks '$(MAKE) --no-print-directory checks' \
		sweeps 'export GOGC=400; $(GO) test -count=1 -parallel 3 -timeout 30m -run "$(SWEEPS)" ./internal/runner/ && $(GO) test -count=1 -run Seeds ./steps/access/ && $(GO) test -count=1 -run "$(BYTESWEEPS)" ./reports/certificate/' \
		race 'export GORACE=atexit_sleep_ms=0; $(GO) test -race -count=1 -timeout 30m $(SLOWTESTS) ./...' \
		fuzz '$(MAKE) --no-print-directory fuzz'

## checks: go vet, gofmt and the OpenAPI lint
checks:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	@$(MAKE) --no-print-directory lint-openapi

## lint-openapi: lint contract/iti/openapi.yaml with Redocly's recommended
## rules (redocly.yaml), 0 problems allowed. The pinned Redocly CLI is
## installed from npm into .cache/redocly on first use. Without npm it is
## skipped with a note, except under CI (.ci/run installs nodejs and npm).
lint-openapi:
	.ci/lint-openapi

## fuzz: run each fuzz target for its budget in FUZZ, or FUZZTIME (short in
## 'make test'; 'make fuzz FUZZTIME=1000000x' for a longer search), one
## worker each, as the other phases have the cores. Plain 'go test' runs
## only their seed corpora.
fuzz:
	@for t in $(FUZZ); do pkg=$${t%%:*}; rest=$${t#*:}; fn=$${rest%%:*}; budget=$(or $(FUZZTIME),$${rest#*:}); \
		echo "fuzz $$fn ($$pkg, $$budget)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $$budget -parallel 1 $$pkg >/tmp/hutong-fuzz.$$$$.log 2>&1 \
		|| { cat /tmp/hutong-fuzz.$$$$.log; rm -f /tmp/hutong-fuzz.$$$$.log; exit 1; }; \
		rm -f /tmp/hutong-fuzz.$$$$.log; done

## bench: the benchmarks, with their figures (README, Performance)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin $(REPORTS)
