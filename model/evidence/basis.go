package evidence

import "bytes"

// How a verdict was established, from the strongest kind of evidence to the
// weakest (DESIGN §4, "observed over declared").
const (
	// Artefact: a real artefact was followed or checked — a link followed,
	// a redirect, a signed notice, a decoded picture.
	Artefact = "artefact"
	// Observed: a page of the implementation was seen in a browser.
	Observed = "observed"
	// Declared: the implementation's own word, in an ITI answer.
	Declared = "declared"
)

// basisRank orders the levels, weakest last.
var basisRank = map[string]int{Artefact: 0, Observed: 1, Declared: 2}

// Weakest is the weakest of the levels given; "" for none. A verdict is
// only as strong as the weakest evidence it rests on.
func Weakest(levels ...string) string {
	out := ""
	for _, l := range levels {
		if r, ok := basisRank[l]; ok && (out == "" || r > basisRank[out]) {
			out = l
		}
	}
	return out
}

// Basis records that the current step judged on evidence of level.
func (l *Log) Basis(level string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.basis == nil {
		l.basis = map[int]string{}
	}
	l.basis[l.step] = Weakest(l.basis[l.step], level)
}

// Bases returns each step's level, by step index.
func (l *Log) Bases() map[int]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]string{}
	for k, v := range l.basis {
		out[k] = v
	}
	return out
}

// Screenshot is a page as the harness saw it in the browser.
type Screenshot struct {
	Step  int    `json:"step"`
	Title string `json:"title"`
	PNG   []byte `json:"png"`
}

// EmbedLimit bounds a screenshot a report embeds. The harness keeps
// smaller ones (observe.ScreenshotLimit); a record read back from a file is
// not trusted to have kept to that.
const EmbedLimit = 256 << 10

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Embeddable reports whether a report may embed the screenshot: a PNG,
// within EmbedLimit. Anything else is left out, not shown.
func (s Screenshot) Embeddable() bool {
	return len(s.PNG) <= EmbedLimit && bytes.HasPrefix(s.PNG, pngSignature)
}

// ScreenshotsLimit bounds the screenshots one scenario keeps.
const ScreenshotsLimit = 4

// Shot keeps a screenshot of the current step, the first
// ScreenshotsLimit of a scenario only.
func (l *Log) Shot(title string, png []byte) {
	if len(png) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.shots) >= ScreenshotsLimit {
		return
	}
	l.shots = append(l.shots, Screenshot{Step: l.step, Title: cut(title, 200), PNG: png})
}

// KeepsShots says whether a screenshot given now would be kept: a caller
// that would take one only for the evidence need not take it otherwise.
func (l *Log) KeepsShots() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.shots) < ScreenshotsLimit
}

// Screenshots returns the screenshots kept, in order.
func (l *Log) Screenshots() []Screenshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Screenshot(nil), l.shots...)
}
