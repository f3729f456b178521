# hutong — two commands do everything: `make demo` and `make test`.
GO        ?= go
REPORTS   ?= hutong-report
BIN       := bin/hutong

.PHONY: demo test build lint fuzz bench clean

## demo: certify the embedded reference implementation and write the reports
demo: build
	$(BIN) certify --report-dir $(REPORTS)

## build: build the hutong binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/hutong

## test: vet, then every test (the feature suite against the reference, the
## sensitivity test over every violation switch, report checks) under -race
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) test -race -count=1 ./...
	# short fuzz runs of the EMV parser and validator: no input may panic
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 5s ./barcode/emv
	$(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime 5s ./barcode/emv

## bench: the benchmarks, with their figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin $(REPORTS)
