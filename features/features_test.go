package features

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFeatureFilesAreStandardGherkin parses every feature file, in every
// language, with the official Cucumber Gherkin parser and compiles its
// pickles, so the requirement set is readable by any Cucumber tool, not only
// by godog.
func TestFeatureFilesAreStandardGherkin(t *testing.T) {
	n := 0
	langs := map[string]int{}
	err := fs.WalkDir(All, ".", func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() || !strings.HasSuffix(path, ".feature") {
			return nil
		}
		n++
		data, err := fs.ReadFile(All, path)
		require.NoError(t, err)
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), (&messages.Incrementing{}).NewId)
		require.NoError(t, err, path)
		require.NotNil(t, doc.Feature, path)
		langs[doc.Feature.Language]++
		if strings.HasPrefix(path, "zh-CN/") {
			assert.Equal(t, "zh-CN", doc.Feature.Language, "%s starts \"# language: zh-CN\"", path)
			assert.Equal(t, "功能", doc.Feature.Keyword, path)
		}
		pickles := gherkin.Pickles(*doc, path, (&messages.Incrementing{}).NewId)
		assert.NotEmpty(t, pickles, path)
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n)
	assert.Equal(t, langs["en"], langs["zh-CN"], "every English file has its Chinese twin")
}
