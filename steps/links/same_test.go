package links

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSameLinkAcceptsTheURIFormOfTheLinkSent(t *testing.T) {
	const chinese = "http://shop.rival-a.z0123abcd.test/item/手机壳-红色-4"
	const campaign = "http://shop.rival-a.z0123abcd.test/item/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002"
	u, err := url.Parse(chinese)
	assert.NoError(t, err)
	for _, tt := range []struct{ got, want string }{
		{chinese, chinese},
		{u.String(), chinese}, // Go's URI form of it
		{"http://shop.rival-a.z0123abcd.test/item/%E6%89%8B%E6%9C%BA%E5%A3%B3-%E7%BA%A2%E8%89%B2-4", chinese},
		{"http://shop.rival-a.z0123abcd.test/item/%e6%89%8b%e6%9c%ba%e5%a3%b3-%e7%ba%a2%e8%89%b2-4", chinese},
		{"http://shop.rival-a.z0123abcd.test/item/%E6%89%8B%E6%9C%BA%E5%A3%B3%2D%E7%BA%A2%E8%89%B2%2D4", chinese},
		{"HTTP://Shop.Rival-A.z0123abcd.test:80/item/手机壳-红色-4", chinese},
		{campaign, campaign},
		{"http://shop.rival-a.z0123abcd.test/item/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1%2Dc.w4002", campaign},
		{"http://shop.rival-a.z0123abcd.test/item/p002?q=%E7%BA%A2", "http://shop.rival-a.z0123abcd.test/item/p002?q=红"},
		{"https://shop.test:443", "https://shop.test/"},
	} {
		assert.True(t, sameLink(tt.got, tt.want), "%s should be read as %s", tt.got, tt.want)
	}
	for _, tt := range []struct{ got, want string }{
		{"http://shop.rival-a.z0123abcd.test/", chinese},                                             // lost its path
		{"http://shop.rival-a.z0123abcd.test/item/", chinese},                                        // lost the product
		{"http://shop.rival-a.z0123abcd.test/item/%E6%89%8B%E6%9C%BA-%E7%BA%A2%E8%89%B2-4", chinese}, // lost a character
		{"http://shop.rival-a.z0123abcd.test/item/p002", campaign},                                   // lost its query
		{"http://shop.rival-a.z0123abcd.test/item/p002?utm_source=chat", campaign},                   // lost part of it
		{"http://shop.rival-a.z0123abcd.test/item/p002?utm_source=chat%26utm_campaign=double11&spm=a1z10.1-c.w4002", campaign},
		{"https://shop.rival-a.z0123abcd.test/item/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002", campaign},
		{"http://shop.rival-b.z0123abcd.test/item/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002", campaign},
		{"http://shop.rival-a.z0123abcd.test:8080/item/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002", campaign},
		{"http://shop.rival-a.z0123abcd.test/ITEM/p002?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002", campaign},
		{"", campaign},
		{"￥8Zk3p2￥", campaign},
	} {
		assert.False(t, sameLink(tt.got, tt.want), "%s is not %s", tt.got, tt.want)
	}
}
