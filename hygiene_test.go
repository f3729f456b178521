package hutong

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxTrackedFile is the size above which a tracked file is almost surely a
// build product or a data dump that does not belong in the repository.
const maxTrackedFile = 1 << 20

// The markers are built, not written, so this file does not trip its own
// check.
var conflictMarkers = []string{strings.Repeat("<", 7) + " ", strings.Repeat(">", 7) + " ", strings.Repeat("=", 7) + "\n"}

// hygieneProblems returns one line per tracked file that is too large or
// holds a merge-conflict marker at the start of a line. A lone "=======" is
// a marker only between the other two, since Markdown underlines with it.
func hygieneProblems(name string, size int64, content []byte) []string {
	var out []string
	if size > maxTrackedFile {
		out = append(out, fmt.Sprintf("%s: %d bytes, over the %d-byte limit for a tracked file (a build product? add it to .gitignore)", name, size, maxTrackedFile))
		return out
	}
	if bytes.IndexByte(content, 0) >= 0 {
		return out // binary: no lines to hold a marker
	}
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 0, 64<<10), maxTrackedFile+1)
	open := false
	for line := 1; sc.Scan(); line++ {
		l := sc.Text() + "\n"
		switch {
		case strings.HasPrefix(l, conflictMarkers[0]):
			open = true
			out = append(out, fmt.Sprintf("%s:%d: merge-conflict marker %q", name, line, strings.TrimSpace(l)))
		case strings.HasPrefix(l, conflictMarkers[1]):
			open = false
			out = append(out, fmt.Sprintf("%s:%d: merge-conflict marker %q", name, line, strings.TrimSpace(l)))
		case open && l == conflictMarkers[2]:
			out = append(out, fmt.Sprintf("%s:%d: merge-conflict marker %q", name, line, strings.TrimSpace(l)))
		}
	}
	return out
}

func TestTrackedFilesAreClean(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): the tree's hygiene is checked where git is", err)
	}
	var problems []string
	files := 0
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		fi, err := os.Stat(name)
		if err != nil {
			continue // deleted in the work tree, not yet committed
		}
		files++
		var content []byte
		if fi.Size() <= maxTrackedFile {
			content, err = os.ReadFile(name)
			require.NoError(t, err)
		}
		problems = append(problems, hygieneProblems(name, fi.Size(), content)...)
	}
	require.NotZero(t, files, "git ls-files listed no file")
	assert.Empty(t, problems, "the tree is not clean:\n%s", strings.Join(problems, "\n"))
}

func TestHygieneCatchesBinariesAndConflictMarkers(t *testing.T) {
	big := hygieneProblems("hutong", 19_744_517, nil)
	require.Len(t, big, 1)
	assert.Contains(t, big[0], "hutong: 19744517 bytes")

	text := "# README\n" + conflictMarkers[0] + "HEAD\nours\n" + conflictMarkers[2] + "theirs\n" + conflictMarkers[1] + "reports\n"
	got := hygieneProblems("README.md", int64(len(text)), []byte(text))
	require.Len(t, got, 3, "%v", got)
	assert.Contains(t, got[0], "README.md:2:")
	assert.Contains(t, got[2], "README.md:6:")

	// A Markdown heading underline is not a conflict.
	assert.Empty(t, hygieneProblems("doc.md", 20, []byte("Title\n"+conflictMarkers[2]+"text\n")))
}
