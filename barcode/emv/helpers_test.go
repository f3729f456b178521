package emv_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
)

// annexB is the example payload of Annex B of the EMVCo MPM specification.
const annexB = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"

// readPayload returns the one payload line of a testdata file; lines
// starting with "#" name where the payload came from.
func readPayload(tb testing.TB, path string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	require.NoError(tb, err)
	var payloads []string
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		payloads = append(payloads, line)
	}
	require.Len(tb, payloads, 1, "%s must hold exactly one payload line", path)
	return payloads[0]
}

// schemePayloads returns the national-scheme examples keyed by file name
// without extension.
func schemePayloads(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "schemes", "*.txt"))
	require.NoError(tb, err)
	out := map[string]string{}
	for _, f := range files {
		out[strings.TrimSuffix(filepath.Base(f), ".txt")] = readPayload(tb, f)
	}
	return out
}

// finding is the part of a Problem that tests compare exactly; messages
// are checked separately so wording can improve without churn.
type finding struct{ ID, Rule string }

func findings(r emv.Report) []finding {
	out := []finding{}
	for _, p := range r.Problems {
		out = append(out, finding{p.ID, p.Rule})
	}
	return out
}

// mod edits the top-level objects of a payload before it is rebuilt.
type mod func([]emv.Object) []emv.Object

// build parses base, drops its CRC, applies mods and rebuilds it with a
// fresh, correct CRC, so that each test breaks exactly the rule it names.
func build(tb testing.TB, base string, mods ...mod) string {
	tb.Helper()
	p, err := emv.Parse(base)
	require.NoError(tb, err)
	var objs []emv.Object
	for _, o := range p.Objects {
		if o.ID != "63" {
			objs = append(objs, o)
		}
	}
	for _, m := range mods {
		objs = m(objs)
	}
	b := emv.NewBuilder()
	for _, o := range objs {
		b.AddObject(o)
	}
	s, err := b.Build()
	require.NoError(tb, err)
	return s
}

// set gives a top-level object a primitive value, appending it if absent.
func set(id, value string) mod {
	return func(objs []emv.Object) []emv.Object {
		for i := range objs {
			if objs[i].ID == id {
				objs[i] = emv.Object{ID: id, Value: value}
				return objs
			}
		}
		return append(objs, emv.Object{ID: id, Value: value})
	}
}

// add appends an object even if its ID is already present.
func add(o emv.Object) mod {
	return func(objs []emv.Object) []emv.Object { return append(objs, o) }
}

func drop(id string) mod {
	return func(objs []emv.Object) []emv.Object {
		var out []emv.Object
		for _, o := range objs {
			if o.ID != id {
				out = append(out, o)
			}
		}
		return out
	}
}

// moveFirst puts the object with the given ID at the front.
func moveFirst(id string) mod {
	return func(objs []emv.Object) []emv.Object {
		for i, o := range objs {
			if o.ID == id {
				rest := append(append([]emv.Object{}, objs[:i]...), objs[i+1:]...)
				return append([]emv.Object{o}, rest...)
			}
		}
		return objs
	}
}

// children replaces the sub-objects of a template.
func children(tpl string, kids ...emv.Object) mod {
	return func(objs []emv.Object) []emv.Object {
		for i := range objs {
			if objs[i].ID == tpl {
				objs[i] = emv.Object{ID: tpl, Children: kids}
			}
		}
		return objs
	}
}

func obj(id, value string) emv.Object { return emv.Object{ID: id, Value: value} }
