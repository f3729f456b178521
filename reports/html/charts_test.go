package html

import (
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
)

// wellFormed parses svg as XML, as a browser's SVG parser would need it.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "the chart is not well-formed: %s", svg)
			return
		}
	}
}

func TestTheDifferentialRequirementsAreDrawn(t *testing.T) {
	page := failingPage(t)
	section := func(id string) string {
		s := page[strings.Index(page, `id="req-`+id+`"`):]
		return s[:strings.Index(s[1:], "<h4 ")+1]
	}
	order := section("ACCESS-04")
	assert.Equal(t, 1, strings.Count(order, `<svg class="chart"`), "one chart of the places by tier")
	assert.Contains(t, order, ">affiliated</text>")
	assert.Contains(t, order, ">mean place 1.00</text>", "ranked by tier, the own wallet is always first")
	assert.Contains(t, order, "<figcaption>the places of 360 options on 60 payment screens.")

	timing := section("ACCESS-05")
	assert.Equal(t, 1, strings.Count(timing, `<svg class="chart"`), "one chart of the handoff times")
	assert.Equal(t, 50, strings.Count(timing, "<circle "), "a dot for each of 25 tail and 25 top handoffs")
	assert.Contains(t, timing, `class="limit"`)
	assert.Contains(t, timing, "ms (log)", "a tail 40 ms slower than a sub-millisecond top is drawn on a log scale")
	for _, svg := range regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`).FindAllString(page, -1) {
		wellFormed(t, svg)
	}

	// The same charts when the platform passes.
	page = referencePage(t, "@ACCESS-04 or @ACCESS-05")
	assert.Equal(t, 2, strings.Count(page, `<svg class="chart"`))
}

func TestStripChart(t *testing.T) {
	dims := map[string]string{"tier": "top tail", "top ms": "0.2 0.25 0.3", "tail ms": "0.21 0.24 0.5 0.4", "limit ms": "10.2"}
	charts := chartsOf([]evidence.Case{{Name: "pairs", Dims: dims}}, &english)
	require.Len(t, charts, 1)
	svg := string(charts[0].SVG)
	wellFormed(t, svg)
	assert.Equal(t, 7, strings.Count(svg, "<circle "))
	assert.Contains(t, svg, ">median 0.25 ms</text>")
	assert.Contains(t, svg, ">median 0.32 ms</text>", "the median of an even number is the mean of the middle two")
	assert.Contains(t, svg, "the rule&#39;s limit for the tail median: 10.2 ms")
	assert.Contains(t, svg, "ms (log)", "the limit is 50 times the fastest trial")
	assert.Less(t, strings.Index(svg, ">top</text>"), strings.Index(svg, ">tail</text>"), "groups in the order of Dims[tier]")

	delete(dims, "limit ms")
	svg = string(chartsOf([]evidence.Case{{Name: "pairs", Dims: dims}}, &english)[0].SVG)
	assert.NotContains(t, svg, "(log)", "within a factor of 20 the scale is linear")
	assert.NotContains(t, svg, `class="limit"`)
}

func TestPlaceChart(t *testing.T) {
	dims := map[string]string{"tier": "affiliated top tail", "affiliated by place": "6 0 0", "top by place": "0 3 3", "tail by place": "0 3 3"}
	charts := chartsOf([]evidence.Case{{Name: "screens", Dims: dims}}, &chinese)
	require.Len(t, charts, 1)
	svg := string(charts[0].SVG)
	wellFormed(t, svg)
	assert.Equal(t, 9, strings.Count(svg, "<rect "), "a bar for each tier at each place")
	assert.Contains(t, svg, ">平均位置 1.00</text>")
	assert.Contains(t, svg, ">平均位置 2.50</text>")
	assert.Contains(t, svg, "<title>1: 100%</title>")
}

func TestNoChartFromWhatIsNotAChart(t *testing.T) {
	for _, dims := range []map[string]string{
		nil,
		{"amount": "0.01"},
		{"tier": "top", "top ms": "1 2"},      // one group
		{"tier": "top tail", "top ms": "1 2"}, // a group without values
		{"tier": "top tail", "top ms": "1 x", "tail ms": "1 2"},         // not numbers
		{"tier": "top tail", "top ms": "1 -2", "tail ms": "1 2"},        // no negative time
		{"tier": "top tail", "top by place": "1", "tail by place": "1"}, // one place
	} {
		assert.Empty(t, chartsOf([]evidence.Case{{Name: "x", Dims: dims}}, &english), "%v", dims)
	}
}

func TestChartTextIsEscaped(t *testing.T) {
	dims := map[string]string{"tier": "<b>top</b> tail", "<b>top</b> ms": "1 2", "tail ms": "1 3"}
	charts := chartsOf([]evidence.Case{{Name: "x", Dims: dims}}, &english)
	require.Len(t, charts, 1)
	assert.NotContains(t, string(charts[0].SVG), "<b>")
	wellFormed(t, string(charts[0].SVG))
}
