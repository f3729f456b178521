package checkout

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Any valid spelling of the elements the contract names is read alike.
func TestPagesAreReadAsHTMLNotAsPatterns(t *testing.T) {
	for _, page := range []string{
		`<meta name="hutong:order" content="o1"><a data-institution="rival-pay" href="https://p.test/pay?a=1&amp;b=2">Pay</a>`,
		`<META CONTENT='o1' NAME='hutong:order'/><a class="btn" href='https://p.test/pay?a=1&amp;b=2' data-institution='rival-pay'>Pay</a>`,
		"<meta\n content=o1\n name=hutong:order>\n<a   href=\"https://p.test/pay?a=1&b=2\"\n data-institution=\"rival-pay\" >Pay</a>",
	} {
		c, ok := MetaContent(page, "hutong:order")
		assert.True(t, ok, page)
		assert.Equal(t, "o1", c, page)
		assert.Equal(t, map[string]string{"rival-pay": "https://p.test/pay?a=1&b=2"}, WalletLinks(page), page)
	}
	_, ok := MetaContent(`<p>hutong:order o1</p>`, "hutong:order")
	assert.False(t, ok, "words in the text are not the element")
	assert.Empty(t, WalletLinks(`<a href="x">no institution</a><span data-institution="rival-pay">not a link</span>`))
}
