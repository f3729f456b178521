package runner

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// DefaultTimeout is the limit for each HTTP exchange when Config.Timeout is
// not set; 'hutong certify --timeout' defaults to it too.
const DefaultTimeout = 10 * time.Second

// DefaultRunTimeout bounds a whole run when Config.RunTimeout is not set:
// the reference certifies in about a second, a black-box implementation in
// minutes; one that answers every call just under --timeout could otherwise
// stretch a run to hours.
const DefaultRunTimeout = 30 * time.Minute

// Config is one run. The zero value of each field but Target is usable: Run
// gives it the default its comment names, in withDefaults and nowhere else.
type Config struct {
	Target *target.Target
	// Roles to test; empty means every role the implementation claims.
	Roles []string
	// Tags filters scenarios with a Cucumber tag expression ("@a or @b",
	// "@a and not @b", parentheses) or godog's form ("@a,@b", "@a && ~@b").
	// A filter that selects no scenario is a *ConfigError.
	Tags string
	// FailOn is the lowest level whose failure makes the run not certified:
	// requirement.Must or requirement.Should; "" means Should.
	FailOn string
	// RunTimeout bounds the whole run; zero means DefaultRunTimeout. A run
	// that reaches it ends, could not be tested (exit 3).
	RunTimeout time.Duration
	// Concurrency is how many scenarios run at once; below 1 means 1.
	Concurrency int
	Seed        int64
	// Depth is how many cases each requirement draws: result.DepthQuick
	// for a few (a partial run, never a certification), "" or
	// result.DepthCertification for a certification's. Another value is a
	// *ConfigError.
	Depth string
	// Timeout bounds each HTTP exchange; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBody bounds each ITI answer; zero means iti.DefaultMaxBody.
	MaxBody int64
	// Features is the requirement set; nil means the embedded one.
	Features fs.FS
	// Lang is the language of the requirement text to run: "" or "en" for
	// the set itself, "zh-CN" for its Chinese twin (Features' zh-CN/, see
	// requirement.ForLang). The same steps run either way; the run
	// records the language, and its certificate hashes the files of that
	// language.
	Lang string
	// Progress, if set, gets a line per finished scenario.
	Progress io.Writer
	// Shard runs one slice of the scenarios; the zero value runs them all.
	Shard shard.Spec
	// Waivers are applied to the verdicts; one for a requirement the set
	// does not have is a configuration error.
	Waivers []waiver.Waiver
	// Browser is the Chromium executable that observes the pages of an
	// implementation that shows them (iti.CapabilityPages); "" observes
	// nothing, and such a run rests its display requirements on
	// declarations and cannot certify. Nothing finds a browser here: the
	// command line decides (--browser, --no-browser), so tests observe
	// only when they ask to.
	Browser string
	// Observer is a browser already started, which the run uses instead of
	// starting one from Browser and leaves running: for tests and
	// benchmarks that certify many times with one browser.
	Observer *observe.Browser
	// PageTimeout bounds each page observed; zero means
	// observe.DefaultPageTimeout.
	PageTimeout time.Duration
}

// withDefaults returns cfg with every unset field given its default.
func (cfg Config) withDefaults() Config {
	cfg.Lang = requirement.NormLang(cfg.Lang)
	switch {
	case cfg.Features == nil && cfg.Lang == requirement.DefaultLang:
		cfg.Features = features.FS
	case cfg.Features == nil:
		cfg.Features = features.All
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = iti.DefaultMaxBody
	}
	if cfg.RunTimeout <= 0 {
		cfg.RunTimeout = DefaultRunTimeout
	}
	if cfg.FailOn == "" {
		cfg.FailOn = requirement.Should
	}
	if cfg.Depth == "" {
		cfg.Depth = result.DepthCertification
	}
	return cfg
}

// load reads the requirement set in cfg.Lang and checks the rest of the
// configuration that can be checked before the implementation is asked
// anything: the waivers name requirements of the set, and the tag filter
// parses. It returns the files of that language, as godog is to run them,
// and the parsed filter (nil for none). Every error is a *ConfigError.
func (cfg Config) load() (*requirement.Set, fs.FS, tagExpr, error) {
	fsys, err := requirement.ForLang(cfg.Features, cfg.Lang)
	if err != nil {
		langs, _ := requirement.Languages(cfg.Features)
		return nil, nil, nil, &ConfigError{fmt.Errorf("the requirement set has no text in %s (it has: %s): %w", cfg.Lang, strings.Join(langs, ", "), err)}
	}
	set, err := requirement.Load(fsys)
	if err != nil {
		return nil, nil, nil, &ConfigError{fmt.Errorf("the requirement set is broken:\n%w", err)}
	}
	if set.Lang != cfg.Lang {
		return nil, nil, nil, &ConfigError{fmt.Errorf("the requirement text chosen for %s is written in %s (its \"# language:\" line)", cfg.Lang, set.Lang)}
	}
	if err := waiver.Check(cfg.Waivers, set); err != nil {
		return nil, nil, nil, &ConfigError{err}
	}
	tags, err := parseTags(cfg.Tags)
	if err != nil {
		return nil, nil, nil, &ConfigError{err}
	}
	if _, err := result.ParseDepth(cfg.Depth); err != nil {
		return nil, nil, nil, &ConfigError{err}
	}
	return set, fsys, tags, nil
}

// env is what every scenario of the run shares, and the contract findings
// its ITI clients report into.
func (cfg Config) env() (*scenario.Env, *contractFindings) {
	tg := cfg.Target
	f := &contractFindings{seen: map[string]bool{}, reached: map[string]bool{}}
	env := &scenario.Env{ITIBase: tg.ITIBase, Transport: tg.Transport, Network: tg.Network, NetworkFixture: tg.NetworkFixture, Origins: tg.Origins,
		Timeout: cfg.Timeout, MaxBody: cfg.MaxBody, Seed: cfg.Seed, Quick: cfg.Depth == result.DepthQuick, Deviation: f.add, Failed: f.failed, Answered: f.answered, Lang: cfg.Lang}
	// The embedded description always loads (a test proves it); were it
	// not to, answers would go unvalidated rather than the run fail.
	env.Validator, _ = iti.NewValidator()
	f.validator = env.Validator
	return env, f
}

// contractFindings gathers the deviations from the contract's letter that
// change no meaning, once each per run: they are reported as findings about
// the contract, never as a requirement's failure.
type contractFindings struct {
	mu    sync.Mutex
	seen  map[string]bool
	out   []string
	calls []string
	// reached are the operations answered, by iti.Operation.Key.
	reached   map[string]bool
	validator *iti.Validator
}

// answered records the operation of a call answered as the ITI describes.
// The keys are bounded by the description: one per operation, and per
// surface for those offered per surface, where the harness places links only
// on the surfaces the ITI knows.
func (f *contractFindings) answered(method, path string) {
	if f.validator == nil {
		return
	}
	key, ok := f.validator.Reached(method, path)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reached[key] = true
}

func (f *contractFindings) reachedOperations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Collect(maps.Keys(f.reached))
	sort.Strings(out)
	return out
}

// failed records a failed ITI call once per operation and reason.
func (f *contractFindings) failed(e *iti.Error) {
	reason := e.Reason
	if e.Status != 0 {
		reason = fmt.Sprintf("answered %d: %s", e.Status, reason)
	}
	msg := fmt.Sprintf("%s (%s): %s", e.Op, e.Method, untrusted.Line(reason, untrusted.MaxReason))
	f.mu.Lock()
	defer f.mu.Unlock()
	key := "call\x00" + msg
	if f.seen[key] || len(f.calls) >= 100 {
		return
	}
	f.seen[key] = true
	f.calls = append(f.calls, msg)
}

func (f *contractFindings) failedCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string(nil), f.calls...)
	sort.Strings(out)
	return out
}

func (f *contractFindings) add(d iti.Deviation) {
	// Once per operation and kind of departure: the operation is named by
	// its method and path template, not by the words of one call, which
	// carry a scenario's names.
	msg := fmt.Sprintf("%s %s: %s", d.Method, untrusted.Line(d.Path, untrusted.MaxName), d.What)
	f.mu.Lock()
	defer f.mu.Unlock()
	key := msg
	if f.seen[key] || len(f.out) >= 100 {
		return
	}
	f.seen[key] = true
	f.out = append(f.out, msg)
}

func (f *contractFindings) list() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string(nil), f.out...)
	sort.Strings(out)
	return out
}

// ConfigError is a mistake in the configuration: exit code 2.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// UntestableError means the implementation could not be tested at all:
// exit code 3.
type UntestableError struct{ Err error }

func (e *UntestableError) Error() string { return e.Err.Error() }
func (e *UntestableError) Unwrap() error { return e.Err }
