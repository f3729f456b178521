// Package gen draws the cases a scenario judges from the space its
// requirement quantifies over ("a link", "any amount"), seeded by the run's
// seed and the scenario's name: the same seed gives the same cases, another
// seed other ones. Every value a dimension lists is drawn at least once —
// the boundaries and every form the contract allows — and the rest of the
// cases are sampled, so that a violation confined to one corner of the
// space, or to a fraction of the cases, shows in some case.
package gen

import (
	"hash/fnv"
	"io"
	"math/rand/v2"
)

// Gen is one scenario's generator. It is not safe for concurrent use.
type Gen struct {
	rng *rand.Rand
}

// New returns the generator of the scenario named name in a run with seed.
func New(seed int64, name string) *Gen {
	h := fnv.New64a()
	io.WriteString(h, name)
	return &Gen{rng: rand.New(rand.NewPCG(uint64(seed), h.Sum64()))}
}

// Rand is the generator's source, for draws the dimensions do not cover.
func (g *Gen) Rand() *rand.Rand { return g.rng }

// Dim is one dimension of a requirement's space: its name, as the Rule's
// words call it, and the values a case may take along it.
type Dim struct {
	Name   string
	Values []string
}

// Case is one drawn point: a value for every dimension, by name.
type Case map[string]string

// Cases draws n cases over dims. n is raised to the number of values of
// the largest dimension, so that every value of every dimension is in at
// least one case; which cases carry them is drawn, and so is every value
// of the cases left over.
func (g *Gen) Cases(n int, dims ...Dim) []Case {
	for _, d := range dims {
		n = max(n, len(d.Values))
	}
	out := make([]Case, n)
	for i := range out {
		out[i] = Case{}
	}
	for _, d := range dims {
		if len(d.Values) == 0 {
			continue
		}
		// Every value once, in cases chosen at random; the rest sampled.
		slots := g.rng.Perm(n)
		for i, c := range slots {
			if i < len(d.Values) {
				out[c][d.Name] = d.Values[i]
			} else {
				out[c][d.Name] = d.Values[g.rng.IntN(len(d.Values))]
			}
		}
	}
	return out
}

// Pick draws one of values.
func (g *Gen) Pick(values ...string) string { return values[g.rng.IntN(len(values))] }

// IntN draws an integer in [0, n).
func (g *Gen) IntN(n int) int { return g.rng.IntN(n) }
