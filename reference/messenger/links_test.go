package messenger

import (
	"reflect"
	"testing"
)

func TestFindLinksByTheGuidesDelimiters(t *testing.T) {
	text := "链接：http://s.test:8443/item/p7?ref=x&sku=1，http://s.test/item/手机壳-4?a=1 和 " +
		"http://x.test/a?颜色=红色#reviews is good <http://d.test/q>、https://E.TEST/r。 (see http://b.test/x?q=1) " +
		"推荐http://c.test/p!「http://f.test/g」 http://"
	want := []string{"http://s.test:8443/item/p7?ref=x&sku=1", "http://s.test/item/手机壳-4?a=1", "http://x.test/a?颜色=红色#reviews",
		"http://d.test/q", "https://E.TEST/r", "http://b.test/x?q=1", "http://c.test/p", "http://f.test/g"}
	if got := findLinks(text); !reflect.DeepEqual(got, want) {
		t.Errorf("findLinks:\n got %q\nwant %q", got, want)
	}
}
