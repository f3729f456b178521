package runner

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
)

// cancelAfterFirst cancels the run when the first scenario finishes, as
// Ctrl-C would in the middle of a run.
type cancelAfterFirst struct {
	once   sync.Once
	cancel context.CancelFunc
}

func (c *cancelAfterFirst) Write(p []byte) (int, error) {
	c.once.Do(c.cancel)
	return len(p), nil
}

func TestInterruptedRunIsMarkedAndNotCertified(t *testing.T) {
	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run, err := Run(ctx, Config{Target: tg, Concurrency: 1, Seed: 7, Progress: &cancelAfterFirst{cancel: cancel}})
	require.NoError(t, err)
	assert.True(t, run.Interrupted)
	assert.False(t, run.Certified)
	assert.True(t, strings.HasPrefix(run.Summary, "INTERRUPTED"), run.Summary)
}
