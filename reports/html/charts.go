package html

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
)

// Charts of the differential requirements, drawn as inline SVG from the
// case a comparison's scenario judged: no script, nothing fetched, and the
// same picture printed as on screen.
//
// What a step records for a chart, in the case's Dims:
//
//	"tier"           the groups compared, in the order to draw them ("top tail")
//	"<group> ms"     a measure of each trial, in milliseconds, space-separated:
//	                 drawn as a strip of dots with a box (quartiles) and the median
//	"limit ms"       optional with the above: the median the rule allows the
//	                 last group, drawn as a dashed line
//	"<group> by place"  how many of the group's options were shown at place
//	                 1, 2, 3, ... of a screen, space-separated: drawn as the
//	                 share of the group's options at each place
//
// A case with none of these has no chart.

// chart is one drawn comparison.
type chart struct {
	Name string
	SVG  template.HTML
}

func chartsOf(cases []evidence.Case, l *labels) []chart {
	var out []chart
	for _, c := range cases {
		groups := strings.Fields(c.Dims["tier"])
		if len(groups) < 2 {
			continue
		}
		if svg, ok := stripChart(groups, c.Dims, l); ok {
			out = append(out, chart{c.Name, svg})
		} else if svg, ok := placeChart(groups, c.Dims, l); ok {
			out = append(out, chart{c.Name, svg})
		}
	}
	return out
}

func numbers(s string) ([]float64, bool) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil, false
	}
	out := make([]float64, len(f))
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// palette colours groups from the last: the last group compared (the tail)
// warm, the one before it (the top) blue, then the others.
var palette = []string{"#c2410c", "#1f5fbf", "#6b3fa0", "#0f766e", "#8a5a00"}

func colour(i, n int) string { return palette[(n-1-i)%len(palette)] }

const (
	chartW = 720
	left   = 96  // room for the group names
	right  = 150 // room for the medians
)

// axis maps a measure to x: on a logarithmic scale when the values span
// more than a factor of 20 (a tail handoff 200 times a top one), else on a
// linear one from 0.
type axis struct {
	log        bool
	lo, hi     float64
	x0, x1     float64
	ticks      []float64
	tickLabels []string
}

func newAxis(vals []float64, x0, x1 float64) axis {
	a := axis{x0: x0, x1: x1}
	mn, mx := slices.Min(vals), slices.Max(vals)
	if mx <= 0 {
		mx = 1
	}
	if mn > 0 && mx/mn > 20 {
		a.log = true
		a.lo = math.Pow(10, math.Floor(math.Log10(mn)))
		a.hi = math.Pow(10, math.Ceil(math.Log10(mx)))
		for t := a.lo; t <= a.hi*1.0001; t *= 10 {
			a.ticks = append(a.ticks, t)
		}
	} else {
		step := niceStep(mx / 5)
		a.lo, a.hi = 0, math.Ceil(mx/step)*step
		for t := 0.0; t <= a.hi+step/2; t += step {
			a.ticks = append(a.ticks, t)
		}
	}
	for _, t := range a.ticks {
		a.tickLabels = append(a.tickLabels, num(t))
	}
	return a
}

func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

func (a axis) at(v float64) float64 {
	if a.log {
		v = math.Max(v, a.lo)
		return a.x0 + (a.x1-a.x0)*(math.Log10(v)-math.Log10(a.lo))/(math.Log10(a.hi)-math.Log10(a.lo))
	}
	return a.x0 + (a.x1-a.x0)*(v-a.lo)/(a.hi-a.lo)
}

// num writes a measure short: 0.208, 40.9, 1200.
func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// quantile is the q-quantile of sorted s, interpolated.
func quantile(s []float64, q float64) float64 {
	if len(s) == 1 {
		return s[0]
	}
	pos := q * float64(len(s)-1)
	i := int(math.Floor(pos))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}

type svgWriter struct{ strings.Builder }

func (w *svgWriter) f(format string, a ...any) { fmt.Fprintf(w, format, a...) }

func esc(s string) string { return template.HTMLEscapeString(s) }

// stripChart draws each group's trials as dots on one axis, with the box
// of their middle half and their median.
func stripChart(groups []string, dims map[string]string, l *labels) (template.HTML, bool) {
	series := make([][]float64, len(groups))
	var all []float64
	for i, g := range groups {
		v, ok := numbers(dims[g+" ms"])
		if !ok {
			return "", false
		}
		series[i] = v
		all = append(all, v...)
	}
	limit, hasLimit := 0.0, false
	if v, ok := numbers(dims["limit ms"]); ok && len(v) == 1 {
		limit, hasLimit = v[0], true
		all = append(all, limit)
	}
	const row, top, bottom = 64, 34, 40
	h := top + row*len(groups) + bottom
	ax := newAxis(all, left, chartW-right)
	var w svgWriter
	title := fmt.Sprintf("%s: %s", strings.Join(groups, " / "), l.Milliseconds)
	w.f(`<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, chartW, h, chartW, h, esc(title))
	w.f(`<title>%s</title>`, esc(title))
	// Grid and axis.
	base := float64(top + row*len(groups))
	for i, t := range ax.ticks {
		x := ax.at(t)
		w.f(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" class="grid"/>`, x, top-6, x, base)
		w.f(`<text x="%.1f" y="%.1f" class="tick" text-anchor="middle">%s</text>`, x, base+16, esc(ax.tickLabels[i]))
	}
	scale := l.Milliseconds
	if ax.log {
		scale += " (log)"
	}
	w.f(`<text x="%.1f" y="%.1f" class="axis" text-anchor="middle">%s</text>`, (ax.x0+ax.x1)/2, base+34, esc(scale))
	for i, g := range groups {
		c := colour(i, len(groups))
		y := float64(top + row*i + row/2)
		s := slices.Clone(series[i])
		slices.Sort(s)
		q1, med, q3 := quantile(s, .25), quantile(s, .5), quantile(s, .75)
		w.f(`<g class="group"><text x="%d" y="%.1f" class="label" text-anchor="end" dominant-baseline="middle">%s</text>`, left-12, y, esc(g))
		w.f(`<text x="%d" y="%.1f" class="tick" text-anchor="end" dominant-baseline="middle">%d %s</text>`, left-12, y+14, len(s), esc(l.Trials))
		w.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="24" fill="%s" fill-opacity=".12" stroke="%s"/>`, ax.at(q1), y-12, math.Max(ax.at(q3)-ax.at(q1), 1), c, c)
		for j, v := range series[i] {
			// A fixed jitter by trial keeps dots of equal times apart and
			// the picture the same on every rendering.
			jy := y + float64((j*7919)%17-8)
			w.f(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s" fill-opacity=".6"/>`, ax.at(v), jy, c)
		}
		w.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, ax.at(med), y-15, ax.at(med), y+15, c)
		w.f(`<text x="%d" y="%.1f" class="value" dominant-baseline="middle" fill="%s">%s %s %s</text></g>`, chartW-right+14, y, c, esc(l.Median), esc(num(med)), esc(l.Milliseconds))
	}
	if hasLimit {
		x := ax.at(limit)
		w.f(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" class="limit"/>`, x, top-10, x, base)
		anchor := "middle"
		if x > ax.x1-120 {
			anchor = "end"
		} else if x < ax.x0+120 {
			anchor = "start"
		}
		w.f(`<text x="%.1f" y="%d" class="limit-label" text-anchor="%s">%s: %s %s</text>`, x, top-14, anchor, esc(l.Limit), esc(num(limit)), esc(l.Milliseconds))
	}
	w.f(`</svg>`)
	return template.HTML(w.String()), true
}

// placeChart draws, for each group, the share of its options shown at each
// place of the screen, against the share a neutral order gives every place.
func placeChart(groups []string, dims map[string]string, l *labels) (template.HTML, bool) {
	counts := make([][]float64, len(groups))
	places := 0
	for i, g := range groups {
		v, ok := numbers(dims[g+" by place"])
		if !ok {
			return "", false
		}
		counts[i] = v
		places = max(places, len(v))
	}
	if places < 2 || places > 100 {
		return "", false
	}
	const row, top, bottom, barH = 66, 20, 40, 48
	h := top + row*len(groups) + bottom
	x0, x1 := float64(left), float64(chartW-right)
	colW := (x1 - x0) / float64(places)
	var w svgWriter
	title := fmt.Sprintf("%s: %s", strings.Join(groups, " / "), l.Place)
	w.f(`<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, chartW, h, chartW, h, esc(title))
	w.f(`<title>%s</title>`, esc(title))
	base := float64(top + row*len(groups))
	for p := 0; p < places; p++ {
		w.f(`<text x="%.1f" y="%.1f" class="tick" text-anchor="middle">%d</text>`, x0+colW*(float64(p)+.5), base+16, p+1)
	}
	w.f(`<text x="%.1f" y="%.1f" class="axis" text-anchor="middle">%s</text>`, (x0+x1)/2, base+34, esc(l.Place))
	for i, g := range groups {
		c := colour(i, len(groups))
		yb := float64(top + row*(i+1) - 10) // the bars' baseline
		total, sum := 0.0, 0.0
		for p, n := range counts[i] {
			total += n
			sum += n * float64(p+1)
		}
		w.f(`<g class="group"><text x="%d" y="%.1f" class="label" text-anchor="end" dominant-baseline="middle">%s</text>`, left-12, yb-barH/2, esc(g))
		w.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, x0, yb, x1, yb)
		if total == 0 {
			w.f(`</g>`)
			continue
		}
		for p, n := range counts[i] {
			bh := barH * n / total
			w.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity=".75"><title>%d: %s%%</title></rect>`,
				x0+colW*float64(p)+colW*.15, yb-bh, colW*.7, bh, c, p+1, num(100*n/total))
		}
		// What a neutral order gives each place: an equal share.
		ny := yb - barH/float64(places)
		w.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="neutral"/>`, x0, ny, x1, ny)
		mean := sum / total
		w.f(`<text x="%d" y="%.1f" class="value" dominant-baseline="middle" fill="%s">%s %s</text></g>`, chartW-right+14, yb-barH/2, c, esc(l.MeanPlace), esc(strconv.FormatFloat(mean, 'f', 2, 64)))
	}
	w.f(`<text x="%.1f" y="%d" class="neutral-label" text-anchor="end">┄ %s</text>`, x1, top-6, esc(l.Neutral))
	w.f(`</svg>`)
	return template.HTML(w.String()), true
}
