package requirement

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/hutong-interop/hutong/features"
)

// FuzzLoad: feature lint never panics, whatever bytes a feature file holds;
// it returns a set, or errors that each name the file.
func FuzzLoad(f *testing.F) {
	fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(features.FS, p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	for _, s := range []string{
		"",
		"Feature:",
		"Feature: x\n  Rule: LINK-01 y\n    Source: z [LAW]\n    @LINK-01 @must @role:messenger\n    Scenario: s\n      Given a\n",
		"Feature: x\n  Rule: \n    Scenario Outline: <a>\n      Given <a>\n      Examples:\n        | a |\n",
		"Feature: x\n  Rule: LINK-1 bad id\n    Source: [NOPE]\n    @must @should\n    Scenario: s\n",
		"# language: zh-CN\n功能: 测试\n  规则: LINK-02 链接\n",
		"Feature: x\n  Rule: A-99 y\n    Source: a [LAW]\n    Source: b [LAW]\n  Rule: A-99 y\n",
		"\x00\xff\xfe Feature",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Load(fstest.MapFS{"fam/f.feature": {Data: data}})
		if err == nil && set == nil {
			t.Fatal("no set and no error")
		}
		if es, ok := err.(Errors); ok {
			for _, e := range es {
				if e.Error() == "" {
					t.Fatal("an empty error message")
				}
			}
		}
		if set != nil {
			for _, r := range set.Requirements {
				_ = r.HasRole("messenger")
			}
			_ = set.Digest()
			_ = set.Roles()
		}
	})
}
