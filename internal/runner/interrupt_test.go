package runner

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
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
	t.Parallel()
	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run, err := Run(ctx, Config{Target: tg, Concurrency: 1, Seed: 7, Progress: &cancelAfterFirst{cancel: cancel}})
	require.NoError(t, err)
	assert.True(t, run.Interrupted)
	assert.False(t, run.Certified)
	assert.True(t, strings.HasPrefix(run.Summary, "INTERRUPTED"), run.Summary)
	assert.Equal(t, result.NotTested, run.Decision)
	// The scenario judged before the interrupt keeps its verdict; what came
	// after was not run, and no requirement failed for it.
	var passed, notRun int
	for _, s := range run.Scenarios {
		switch s.Status {
		case result.Passed:
			passed++
		case result.NotRunStatus:
			notRun++
		default:
			t.Errorf("%s: %s after an interrupt (%s)", s.Name, s.Status, s.Failure)
		}
	}
	assert.Equal(t, 1, passed, "the scenario that finished before the interrupt")
	assert.Equal(t, len(run.Scenarios)-1, notRun)
	assert.Empty(t, run.Failed())
}
