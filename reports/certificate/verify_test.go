package certificate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDuplicateMembersAreRefusedAtAnyDepth(t *testing.T) {
	for name, doc := range map[string]string{
		"top level, before the real one": `{"certified": true, "format": "x", "certified": false}`,
		"nested":                         `{"a": [{"b": 1}, {"id": "LINK-01", "verdict": "pass", "verdict": "fail"}]}`,
		"in an object in an object":      `{"implementation": {"name": "a", "name": "b"}}`,
	} {
		err := noDuplicateMembers([]byte(doc))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), "twice", name)
		}
	}
	for name, doc := range map[string]string{
		"same name in sibling objects": `{"requirements": [{"id": "a"}, {"id": "b"}], "id": "c"}`,
		"empty containers":             `{"a": {}, "b": [], "c": [[], {}], "d": null}`,
		"a value equal to a name":      `{"a": "a", "b": ["a", "b"]}`,
	} {
		assert.NoError(t, noDuplicateMembers([]byte(doc)), name)
	}
	_, err := Verify([]byte(`{"certified": true, "format": "`+Format+`", "certified": false}`), nil)
	assert.ErrorContains(t, err, `names the member "certified" twice`)
}
