package links

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/observe"
)

// What the harness itself writes around a link — the sender's words, the
// shops' names, the products — never reads as a warning, so a warning seen
// on a message page is the implementation's own.
func TestTheHarnessWritesNoWarningOfItsOwn(t *testing.T) {
	for name, place := range places {
		text := fmt.Sprintf(place, " ")
		assert.Empty(t, observe.WarningSentences(text), "the place %q", name)
	}
	for _, q := range queries {
		assert.Empty(t, observe.WarningSentences(q))
	}
	for _, s := range []string{category, "own-mall", "rival-a", "rival-b", "手机壳-红色", "红色手机壳旗舰店", "fake-login-p001"} {
		assert.Empty(t, observe.WarningSentences(s), s)
	}
}

// A warning finding is the catalogue's sentence from end to end: a Chinese
// report says all of it in Chinese but the implementation's own words.
func TestWarningFindingsReadBackInChinese(t *testing.T) {
	listed := iti.Link{Warning: iti.Warning{Level: iti.WarningDanger, Reason: "On the list\u202e: phishing"}}
	clean := iti.Link{Warning: iti.Warning{Level: iti.WarningNone}}
	shown := observe.Journey{Index: "0", Found: true, Tappable: true, Reached: true, Taps: 1,
		Message: observe.Page{Links: []observe.LinkBox{{Index: "0", Near: "⚠ Caution: may be unsafe"}}}}
	through := observe.Journey{Index: "0", Found: true, Tappable: true, Reached: true, Taps: 2, Between: []observe.Page{{Text: "Continue"}}}
	findings := []string{
		say(message.WarnContradicts, declaredWarning(clean), seenWarning("Bob", shown)),
		say(message.WarnContradicts, declaredWarning(listed), seenWarning("Bob", through)),
		say(message.WarnContradicts, declaredWarning(listed), seenWarning("Bob", observe.Journey{})),
		say(message.WarnContradicts, declaredWarning(listed), seenWarning("Bob", observe.Journey{Found: true})),
		say(message.WarnContradicts, declaredWarning(listed), seenWarning("Bob", observe.Journey{Found: true, Tappable: true, Taps: 3})),
		say(message.WarnContradicts, declaredWarning(listed), say(message.WarnNoReason, "Bob")),
		say(message.WarnDiffers, message.WarnValueShown, "own-mall", message.WarnValueNone),
		say(message.BlockContradicts, iti.AccessDirect, message.BlockNotOnPage),
		say(message.BlockContradicts, iti.AccessDirect, message.BlockNotTappable),
	}
	assert.Equal(t, `the page contradicts the declared warning — declared: no warning; observed in the browser: Bob is shown a warning: "⚠ Caution: may be unsafe"`, findings[0])
	assert.Equal(t, `the page contradicts the declared warning — declared: a "danger" warning: "On the list\u202e: phishing"; observed in the browser: Bob is shown no warning and reaches the linked page in 2 tap(s), through 1 page(s) in between`, findings[1],
		"the implementation's words with their controls made visible")
	for _, f := range findings {
		var english []string
		for _, p := range message.Translate(message.Chinese, f) {
			if p.Original && !strings.Contains(p.Text, "Caution") && !strings.Contains(p.Text, "phishing") {
				english = append(english, p.Text)
			}
		}
		assert.Empty(t, english, "%q is said in Chinese", f)
		assert.NotContains(t, message.String(message.Translate(message.Chinese, f)), "observed in the browser", f)
	}
}
