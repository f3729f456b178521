package evidence

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A scenario keeps its first ScreenshotsLimit screenshots, and KeepsShots
// says so before each: true while one more would be kept, false after.
func TestScreenshotsAreBoundedAndSaySo(t *testing.T) {
	var l Log
	for i := 0; i < ScreenshotsLimit+2; i++ {
		assert.Equal(t, i < ScreenshotsLimit, l.KeepsShots(), "before screenshot %d", i)
		l.Shot(fmt.Sprintf("page %d", i), []byte{1})
	}
	assert.Len(t, l.Screenshots(), ScreenshotsLimit)
	assert.Equal(t, "page 0", l.Screenshots()[0].Title)
	l2 := Log{}
	l2.Shot("empty", nil)
	assert.True(t, l2.KeepsShots(), "an empty picture is not kept and takes no place")
}
