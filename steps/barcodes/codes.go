package barcodes

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-01 to QR-03 judge "the acquirer's code": every code a merchant may ask
// for. The space it ranges over is the kind the scenario names; the
// merchant's name, city, category and id, in every form the contract
// allows (the common character set of IDs 59 and 60, printable ASCII, up to
// the lengths they allow); an order's amount, from one fen up; and a
// merchant's first code or a later one. The When step that issues "a code"
// issues a batch drawn from that space, and each Then step judges every
// code of the batch, each code one case.

// The forms of a merchant's name and city. The scenario's own name is one
// more form of the name.
var (
	nameForms = map[string]string{
		"one letter":           "Q",
		"25 characters":        "Golden Lotus Tea House 88",
		"with punctuation":     "Wang's Noodles & Tea (2)",
		"digits and capitals":  "7-ELEVEN NO.2046",
		"as the scenario says": "",
	}
	cityForms = map[string]string{
		"one word":           "Beijing",
		"15 characters":      "Shijiazhuang HB",
		"two words":          "Hong Kong",
		"with an apostrophe": "Xi'an",
	}
	// categories are ISO 18245 merchant categories: restaurants, grocery,
	// taxis, petrol stations, hotels.
	categories = []string{"5814", "5411", "4121", "5541", "7011"}
	// idForms write the n-th merchant's id.
	idForms = map[string]func(n int) string{
		"short":                       func(n int) string { return fmt.Sprintf("M%04d", n) },
		"24 characters":               func(n int) string { return fmt.Sprintf("SHOP-20251223-BJ-%07d", n) },
		"lower case and underscores":  func(n int) string { return fmt.Sprintf("lw_noodles_%d", n) },
		"15 digits, as a card scheme": func(n int) string { return fmt.Sprintf("%015d", 898110000000000+n) },
	}
	// orderAmounts run from one fen through odd fen to amounts far larger
	// than a shop's usual order.
	orderAmounts = []string{"0.01", "0.99", "7.05", "36.80", "1000.00", "99999.99", "1000000.00"}
)

// Names of the dimensions, as the cases record them.
const (
	dimName     = "name"
	dimCity     = "city"
	dimCategory = "category"
	dimID       = "merchant id"
	dimTurn     = "merchant's code"
	dimAmount   = "amount"
)

// merchantDims are the dimensions that make a merchant: a merchant's second
// code takes them from its first.
var merchantDims = []string{dimName, dimCity, dimCategory, dimID}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// issued is one case of QR-01 to QR-03: a code the acquirer issued, and
// what the harness measured of its picture.
type issued struct {
	key  string
	dims gen.Case
	req  iti.CodeRequest
	code iti.IssuedCode

	// The picture, read once for the steps that judge it, and measured
	// once.
	read, measured sync.Once
	pic            *qrimage.Picture
	unreadable     error // not a PNG the harness can read
	geo            qrimage.Geometry
	bad            error // the picture could not be measured
}

func (c *issued) name() string {
	m := c.req.Merchant
	what := "a static code"
	if c.req.Kind == iti.CodeDynamic {
		what = "an order code for CNY " + c.req.Amount
	}
	return fmt.Sprintf("%s for %q (%s) of %s, category %s, the merchant's %s", what, m.Name, m.ID, m.City, m.Category, c.dims[dimTurn])
}

// picture reads the code's picture once, for the steps that need it.
func (c *issued) picture() (*qrimage.Picture, error) {
	c.read.Do(func() { c.pic, c.unreadable = qrimage.Read(c.code.PNG) })
	return c.pic, c.unreadable
}

// geometry measures the code's picture once, for the steps that need it.
func (c *issued) geometry() (qrimage.Geometry, error) {
	c.measured.Do(func() {
		p, err := c.picture()
		if err != nil {
			c.bad = err
			return
		}
		c.geo, c.bad = p.Measure()
	})
	return c.geo, c.bad
}

// perExample is how many cases each of a Scenario Outline's examples draws
// so that together they draw what w.Cases(quick) asks of the requirement.
func perExample(w *scenario.World, quick, examples int) int {
	return (w.Cases(quick) + examples - 1) / examples
}

// draw draws n cases over dims. At certification depth every value of
// every dimension is in a case (gen.Cases), which may raise n; at quick
// depth, for development, it draws exactly n, each value sampled, so that
// such a run stays as cheap as the few cases it asks for.
func draw(w *scenario.World, g *gen.Gen, n int, dims ...gen.Dim) []gen.Case {
	if !w.Env.Quick {
		return g.Cases(n, dims...)
	}
	out := make([]gen.Case, n)
	for i := range out {
		out[i] = gen.Case{}
		for _, d := range dims {
			out[i][d.Name] = g.Pick(d.Values...)
		}
	}
	return out
}

// acquirerIssues is the When step of QR-01 to QR-03: the acquirer issues a
// batch of codes of kind, drawn from the space above, the merchant the
// scenario names among them.
func acquirerIssues(ctx context.Context, kind, name string) error {
	sess, err := acquirerSession(ctx)
	if err != nil {
		return err
	}
	w := scenario.From(ctx)
	s := st(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	dims := []gen.Dim{{Name: dimName, Values: keys(nameForms)}, {Name: dimCity, Values: keys(cityForms)},
		{Name: dimCategory, Values: categories}, {Name: dimID, Values: keys(idForms)}, {Name: dimTurn, Values: []string{"first", "second"}}}
	if kind == iti.CodeDynamic {
		dims = append(dims, gen.Dim{Name: dimAmount, Values: orderAmounts})
	}
	cases := draw(w, g, perExample(w, 4, 2), dims...)
	// A merchant's second code is asked for a merchant a code was issued
	// for before, as it is: so every first comes before every second.
	sort.SliceStable(cases, func(i, j int) bool { return cases[i][dimTurn] == "first" && cases[j][dimTurn] != "first" })
	var merchants []iti.CodeMerchant
	var of []gen.Case // the dimensions of each merchant
	var batch []*issued
	for _, c := range cases {
		var m iti.CodeMerchant
		if c[dimTurn] == "second" && len(merchants) > 0 {
			i := g.IntN(len(merchants))
			m = merchants[i]
			for _, d := range merchantDims {
				c[d] = of[i][d]
			}
		} else {
			c[dimTurn] = "first"
			m = newCodeMerchant(s, c, name)
			merchants, of = append(merchants, m), append(of, c)
		}
		batch = append(batch, &issued{dims: c, req: codeRequest(m, kind, c)})
	}
	if !w.Env.Quick {
		// A value a second code took away from its case is given back in a
		// first code of its own, so that every value is still issued.
		for _, d := range dims {
			if d.Name == dimTurn {
				continue
			}
			for _, v := range d.Values {
				if !hasValue(batch, d.Name, v) {
					c := gen.Case{}
					for _, o := range dims {
						c[o.Name] = g.Pick(o.Values...)
					}
					c[d.Name], c[dimTurn] = v, "first"
					batch = append(batch, &issued{dims: c, req: codeRequest(newCodeMerchant(s, c, name), kind, c)})
				}
			}
		}
	}
	// The firsts are issued before the seconds; within each, several at once.
	split := 0
	for split < len(batch) && batch[split].dims[dimTurn] == "first" {
		split++
	}
	for _, part := range [][]*issued{batch[:split], batch[split:]} {
		if err := parallel(len(part), func(i int) error {
			code, err := sess.IssueCode(ctx, part[i].req)
			part[i].code = code
			return err
		}); err != nil {
			return err
		}
	}
	var lines []string
	for i, c := range batch {
		c.key = fmt.Sprintf("code %d", i+1)
		lines = append(lines, fmt.Sprintf("%s: %s", c.name(), c.code.Payload))
	}
	s.issued = batch
	w.Log.Note(fmt.Sprintf("The %d codes the acquirer issued", len(batch)), strings.Join(lines, "\n"))
	return nil
}

func hasValue(batch []*issued, dim, v string) bool {
	for _, c := range batch {
		if c.dims[dim] == v {
			return true
		}
	}
	return false
}

// newCodeMerchant makes the merchant a case's dimensions describe; the
// scenario's name stands for the form "as the scenario says".
func newCodeMerchant(s *state, c gen.Case, scenarioName string) iti.CodeMerchant {
	s.merchants++
	name := nameForms[c[dimName]]
	if name == "" {
		name = scenarioName
	}
	return iti.CodeMerchant{ID: idForms[c[dimID]](s.merchants), Name: name, City: cityForms[c[dimCity]], Category: c[dimCategory]}
}

func codeRequest(m iti.CodeMerchant, kind string, c gen.Case) iti.CodeRequest {
	req := iti.CodeRequest{Merchant: m, Kind: kind}
	if kind == iti.CodeDynamic {
		req.Amount, req.Currency = c[dimAmount], cny
	}
	return req
}

// parallel runs do(0) … do(n-1) as scenario.EachAtOnce does, and returns
// the first error.
func parallel(n int, do func(i int) error) error {
	for _, err := range scenario.EachAtOnce(n, do) {
		if err != nil {
			return err
		}
	}
	return nil
}

// judgeCodes judges every code of the batch with check, which returns what
// is wrong with one code ("" when nothing is): each code is one case, and
// the steps that judge the same code fold into it. what says what the step
// asks of every code.
func judgeCodes(ctx context.Context, what string, check func(*issued) string) error {
	s := st(ctx)
	if len(s.issued) == 0 {
		return fmt.Errorf("no code was issued by an earlier step")
	}
	return judgeEach(ctx, what, "codes the acquirer issued", s.issued, check)
}

// drawnCase is what judgeEach needs of a drawn case: its key in the
// evidence, its dimensions and its name.
type drawnCase interface {
	caseKey() string
	caseDims() gen.Case
	name() string
}

func (c *issued) caseKey() string    { return c.key }
func (c *issued) caseDims() gen.Case { return c.dims }

// judgeEach judges every case with check, records each (the steps that
// judge the same case fold into it), and fails naming the first few that
// did not hold, counted as noun.
func judgeEach[T drawnCase](ctx context.Context, what, noun string, all []T, check func(T) string) error {
	log := scenario.From(ctx).Log
	var bad []string
	for _, c := range all {
		finding := check(c)
		log.Judge(c.caseKey(), evidence.Case{Kind: evidence.CaseSample, Name: c.name(), Dims: c.caseDims(), Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, c.name()+" — "+finding)
		}
	}
	return scenario.CasesFailed(what, len(all), noun, bad, 3)
}
