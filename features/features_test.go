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

// TestFeatureFilesAreStandardGherkin parses every feature file with the
// official Cucumber Gherkin parser and compiles its pickles, so the
// requirement set is readable by any Cucumber tool, not only by godog.
func TestFeatureFilesAreStandardGherkin(t *testing.T) {
	n := 0
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() || !strings.HasSuffix(path, ".feature") {
			return nil
		}
		n++
		data, err := fs.ReadFile(FS, path)
		require.NoError(t, err)
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), (&messages.Incrementing{}).NewId)
		require.NoError(t, err, path)
		require.NotNil(t, doc.Feature, path)
		pickles := gherkin.Pickles(*doc, path, (&messages.Incrementing{}).NewId)
		assert.NotEmpty(t, pickles, path)
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n)
}
