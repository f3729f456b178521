package institution

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBatchMakesDistinctInstitutions(t *testing.T) {
	var asked []string
	ws := Batch(SerialIDs("tail", 12), "tail", func(id string) *http.Client { asked = append(asked, id); return http.DefaultClient })
	assert.Len(t, ws, 12)
	assert.Equal(t, "tail-001", ws[0].ID)
	assert.Equal(t, "tail-012", ws[11].ID)
	assert.Equal(t, asked[11], "tail-012")
	keys := map[string]bool{}
	for _, w := range ws {
		assert.Equal(t, "tail", w.Tier)
		keys[w.PublicKey()] = true
	}
	assert.Len(t, keys, 12, "every wallet has a key of its own")
	assert.Equal(t, "top-1000", Batch(SerialIDs("top", 1000), "top", func(string) *http.Client { return nil })[999].ID)
}
