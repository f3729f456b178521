package scenario

import (
	"fmt"
	"reflect"
	"regexp"
	"sync"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

var exprs sync.Map // string -> *regexp.Regexp

var checks sync.Map // English expression -> the clause IDs its step checks

// Checks maps the English expression of every step registered so far that
// names clauses (Step) to those clause IDs. Steps are registered for each
// scenario; internal/runner's StepChecks registers every family once to
// read them all.
func Checks() map[string][]string {
	out := map[string][]string{}
	checks.Range(func(k, v any) bool {
		out[k.(string)] = append([]string(nil), v.([]string)...)
		return true
	})
	return out
}

// Expr compiles a step expression once per process. godog compiles a string
// expression every time a step is registered, and steps are registered for
// every scenario: with Expr, scenario.Step(sc, `^...$`, fn) costs a map
// lookup instead, which was the harness's largest cost (see README,
// Performance).
func Expr(s string) *regexp.Regexp {
	if re, ok := exprs.Load(s); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := exprs.LoadOrStore(s, regexp.MustCompile(s))
	return re.(*regexp.Regexp)
}

// Step binds the step expression en, and its twin in every other language
// of the requirement set (Twins), to fn: one function behind the words of
// each language, so that a requirement runs the same whichever text a
// regulator reads. A twin's values are handed to fn as the English words
// would hand them (Language.English), so fn cannot tell the languages
// apart. While sc is bound in one language (BindIn), only that language's
// words are bound.
//
// clauses are the IDs of the Rule clauses the step checks ("LINK-03.4",
// features/clauses.txt): those it asserts, or, for a step that draws the
// cases a Rule's quantifier ranges over, the clauses naming that range. The
// catalogue's clause map is built from them (Checks), so it says what the
// code checks; a step that only sets things up names none.
func Step(sc *godog.ScenarioContext, en string, fn any, clauses ...string) {
	if len(clauses) > 0 {
		if _, ok := checks.Load(en); !ok {
			checks.LoadOrStore(en, clauses)
		}
	}
	only, one := bindingLang.Load(sc)
	if !one || only == BaseLang {
		sc.Step(Expr(en), fn)
	}
	for lang, l := range Twins {
		if one && only != lang {
			continue
		}
		if tw, ok := l.Twins[en]; ok {
			sc.Step(Expr(tw.Expr), l.bound(lang, en, tw, fn))
		}
	}
}

// BaseLang is the language of the step expressions themselves
// (requirement.DefaultLang).
const BaseLang = "en"

var bindingLang sync.Map // *godog.ScenarioContext -> the one language it binds

// BindIn makes Step bind, for sc, the words of lang alone ("en" or a
// language of Twins) until the function it returns is called; lang "" binds
// every language, as the listing lint checks against needs. A run reads its
// text in one language, and each step godog registers and matches costs
// time in every scenario of the run.
func BindIn(sc *godog.ScenarioContext, lang string) (done func()) {
	if lang == "" {
		return func() {}
	}
	bindingLang.Store(sc, lang)
	return func() { bindingLang.Delete(sc) }
}

// Twins holds, per language of the requirement set other than English (by
// its Gherkin language tag, "zh-CN"), the twins of the English step
// expressions. Each language fills in its own entry from a file of its own
// (twins_zh.go); lint checks that every step of that language's feature
// files matches exactly one expression, the twin of the one its English
// counterpart matches, with the same values.
var Twins = map[string]*Language{}

// Language is one language's twins of the English step expressions.
type Language struct {
	// Twins maps each English step expression to its twin.
	Twins map[string]Twin
	// List, if set, rewrites a list of quoted values as the language
	// writes it (`"a"、"b" 和 "c"`) as English writes it (`"a", "b" and
	// "c"`), and leaves anything else as it is; a step function that takes
	// such a list then gets the same text in either language.
	List func(string) string
}

// Twin is the twin of one English step expression.
type Twin struct {
	// Expr captures what the English expression captures, in the same
	// order.
	Expr string
	// Words maps a value Expr captures, or a cell of the step's table, as
	// the language writes it to the English value the step function takes
	// ("静态" to "static", a table's header "店铺" to "shop"). Names in
	// quotes, amounts and counts are written as in English and need no
	// entry.
	Words map[string]string
}

// English is the value a step function gets for v, captured by tw (or a
// cell of its table): the English word for it, the list written the English
// way, or v itself.
func (l *Language) English(tw Twin, v string) string {
	if w, ok := tw.Words[v]; ok {
		return w
	}
	if l.List != nil {
		return l.List(v)
	}
	return v
}

// EnglishTable is t with every cell as English (English), a copy: godog's
// table belongs to the pickle.
func (l *Language) EnglishTable(tw Twin, t *messages.PickleTable) *messages.PickleTable {
	if t == nil {
		return nil
	}
	out := &messages.PickleTable{Rows: make([]*messages.PickleTableRow, len(t.Rows))}
	for i, r := range t.Rows {
		row := &messages.PickleTableRow{Cells: make([]*messages.PickleTableCell, len(r.Cells))}
		for j, c := range r.Cells {
			row.Cells[j] = &messages.PickleTableCell{Value: l.English(tw, c.Value)}
		}
		out.Rows[i] = row
	}
	return out
}

var bindings sync.Map // lang, English expression, function -> bound function

var (
	stringType = reflect.TypeOf("")
	tableType  = reflect.TypeOf((*godog.Table)(nil))
)

// bound is fn taking tw's values as English (English, EnglishTable): a
// function of fn's own type, made once per language, expression and
// function, so that godog converts and checks its arguments as it does
// fn's.
func (l *Language) bound(lang, en string, tw Twin, fn any) any {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		panic(fmt.Sprintf("step %q: %T is not a function", en, fn))
	}
	key := fmt.Sprintf("%s\x00%s\x00%x", lang, en, v.Pointer())
	if b, ok := bindings.Load(key); ok {
		return b
	}
	b := reflect.MakeFunc(v.Type(), func(in []reflect.Value) []reflect.Value {
		args := make([]reflect.Value, len(in))
		for i, a := range in {
			switch a.Type() {
			case stringType:
				args[i] = reflect.ValueOf(l.English(tw, a.String()))
			case tableType:
				args[i] = reflect.ValueOf(l.EnglishTable(tw, a.Interface().(*godog.Table)))
			default:
				args[i] = a
			}
		}
		return v.Call(args)
	}).Interface()
	b, _ = bindings.LoadOrStore(key, b)
	return b
}
