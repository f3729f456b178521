package cucumber

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

// Each judged scenario is tagged with the evidence it rests on, and the
// pages an observed step saw are embedded as PNGs; what is no PNG is not.
func TestTheBasisIsTaggedAndTheScreenshotsEmbedded(t *testing.T) {
	r := run(t, runner.Config{Tags: "@LINK-03 or @LINK-06"})
	var pic bytes.Buffer
	require.NoError(t, png.Encode(&pic, image.NewGray(image.Rect(0, 0, 2, 2))))
	s := r.Scenarios[0]
	s.Screenshots = []evidence.Screenshot{{Step: 1, Title: "the page", PNG: pic.Bytes()}, {Step: 1, Title: "no picture", PNG: []byte("GIF89a")}}

	want := map[string]string{}
	for _, sc := range r.Scenarios {
		want[sc.Name] = "@hutong:basis-" + sc.Basis()
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, r))
	var raw []struct {
		Elements []struct {
			Name string `json:"name"`
			Tags []struct {
				Name string `json:"name"`
			} `json:"tags"`
			Steps []struct {
				Embeddings []struct {
					MimeType string `json:"mime_type"`
					Data     string `json:"data"`
				} `json:"embeddings"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &raw))
	seen := map[string]bool{}
	for _, f := range raw {
		for _, e := range f.Elements {
			var ts []string
			for _, tg := range e.Tags {
				ts = append(ts, tg.Name)
			}
			assert.Contains(t, ts, want[e.Name], e.Name)
			seen[want[e.Name]] = true
		}
	}
	assert.True(t, seen["@hutong:basis-artefact"] && seen["@hutong:basis-declared"], "both bases are among the scenarios: %v", seen)

	var pngs []string
	for _, f := range raw {
		for _, e := range f.Elements {
			for i, st := range e.Steps {
				for _, em := range st.Embeddings {
					if em.MimeType == "image/png" {
						assert.Equal(t, s.Name, e.Name)
						assert.Equal(t, 1, i)
						pngs = append(pngs, em.Data)
					}
				}
			}
		}
	}
	assert.Equal(t, []string{base64.StdEncoding.EncodeToString(pic.Bytes())}, pngs)
	assert.NotEqual(t, result.NotRunStatus, s.Status)
}
