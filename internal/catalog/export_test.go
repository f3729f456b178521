package catalog

import "fmt"

// Untranslated makes every catalogue say key in English, whatever its
// language, until restore is called: a word left untranslated, for the
// test that must catch it.
func Untranslated(key string) (restore func()) {
	savedSay, savedWord := say, word
	say = func(lang, k string, args ...any) string {
		if k == key {
			return fmt.Sprintf(k, args...)
		}
		return savedSay(lang, k, args...)
	}
	word = func(lang, k string) string {
		if k == key {
			return k
		}
		return savedWord(lang, k)
	}
	return func() { say, word = savedSay, savedWord }
}
