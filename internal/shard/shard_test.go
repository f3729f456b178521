package shard_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

func TestParse(t *testing.T) {
	for _, ok := range []string{"1/1", "1/3", "3/3", " 2/5 "} {
		_, err := shard.Parse(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"0/3", "4/3", "x/y", "1", "1/0", "-1/3", "", "1/3/5", "2/-3"} {
		_, err := shard.Parse(bad)
		assert.Error(t, err, bad)
	}
	s, _ := shard.Parse("2/3")
	assert.Equal(t, shard.Spec{K: 2, N: 3}, s)
}

// Every scenario index belongs to exactly one shard, whatever N.
func TestShardsPartitionTheScenarios(t *testing.T) {
	for n := 1; n <= 7; n++ {
		for i := 0; i < 50; i++ {
			takers := 0
			for k := 1; k <= n; k++ {
				if (shard.Spec{K: k, N: n}).Takes(i) {
					takers++
				}
			}
			assert.Equal(t, 1, takers, "scenario %d with %d shards", i, n)
		}
	}
	assert.True(t, shard.Spec{}.Takes(3), "the zero Spec runs everything")
}

// certify runs one shard (the zero Spec: the whole run) of the reference
// with the switches on, for roles (nil: every role it claims).
func certify(t *testing.T, s shard.Spec, roles []string, seed int64, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("builtin:reference", violations)
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: roles, Concurrency: 4, Seed: seed, Shard: s})
	require.NoError(t, err)
	return run
}

var (
	shardsMu   sync.Mutex
	shardsDirs = map[string][]string{}
	shardsRoot string
)

// TestMain removes the shard directories the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	if shardsRoot != "" {
		os.RemoveAll(shardsRoot)
	}
	os.Exit(code)
}

// writeShards runs every shard of n and writes each result.json to its own
// directory, the way a CI matrix does; it returns the directories. Each
// distinct set of shards is run once for the package (the shards together
// are a whole certification, seconds under -race): the directories are
// shared, and callers only read them.
func writeShards(t *testing.T, n int, roles []string, seed int64, violations ...string) []string {
	t.Helper()
	shardsMu.Lock()
	defer shardsMu.Unlock()
	key := fmt.Sprintf("%d|%s|%d|%s", n, strings.Join(roles, ","), seed, strings.Join(violations, ","))
	if dirs, ok := shardsDirs[key]; ok {
		return dirs
	}
	if shardsRoot == "" {
		root, err := os.MkdirTemp("", "hutong-shards-")
		require.NoError(t, err)
		shardsRoot = root
	}
	set := filepath.Join(shardsRoot, fmt.Sprintf("set-%d", len(shardsDirs)))
	var dirs []string
	for k := 1; k <= n; k++ {
		s := shard.Spec{K: k, N: n}
		run := certify(t, s, roles, seed, violations...)
		assert.False(t, run.Certified, "a shard is never a certification")
		assert.True(t, run.Partial)
		dir := filepath.Join(set, fmt.Sprintf("shard-%d", k))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		var buf bytes.Buffer
		require.NoError(t, shard.NewFile(s, run).Write(&buf))
		require.NoError(t, os.WriteFile(filepath.Join(dir, shard.FileName), buf.Bytes(), 0o644))
		dirs = append(dirs, dir)
	}
	shardsDirs[key] = dirs
	return dirs
}

func readAll(t *testing.T, dirs []string) []*shard.File {
	t.Helper()
	var files []*shard.File
	for _, d := range dirs {
		f, err := shard.Read(d)
		require.NoError(t, err)
		files = append(files, f)
	}
	return files
}

func embedded(t *testing.T) *requirement.Set {
	t.Helper()
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	return set
}

func verdicts(run *result.Run) map[string]result.Verdict {
	out := map[string]result.Verdict{}
	for _, r := range run.Requirements {
		out[r.Requirement.ID] = r.Verdict
	}
	return out
}

func scenarioStatuses(run *result.Run) map[string]result.Status {
	out := map[string]result.Status{}
	for _, s := range run.Scenarios {
		out[fmt.Sprintf("%s:%d", s.File, s.Line)] = s.Status
	}
	return out
}

// TestMergedShardsJudgeAsUnsharded is the promise of sharding: three shards
// merged give the verdicts of one unsharded run, for a compliant target and
// for one with a violation — and no shard fails a requirement whose
// scenarios ran elsewhere.
//
// The compliant target is certified in every role, so the shards cut across
// every feature file; the violation breaks the messenger, and its run is the
// messenger's: what it adds is failures surviving the merge, and no shard
// failing a requirement whose failing scenarios ran in another.
func TestMergedShardsJudgeAsUnsharded(t *testing.T) {
	for _, c := range []struct {
		violation string
		roles     []string
	}{
		{"", nil},
		{"rival-links-blocked", []string{"messenger"}},
	} {
		t.Run("violate="+c.violation, func(t *testing.T) {
			var vs []string
			if c.violation != "" {
				vs = []string{c.violation}
			}
			whole := certify(t, shard.Spec{}, c.roles, 11, vs...)
			dirs := writeShards(t, 3, c.roles, 11, vs...)
			files := readAll(t, dirs)
			for _, f := range files {
				ran := map[string]bool{}
				for _, s := range f.Run.Scenarios {
					ran[s.Requirement] = true
				}
				for _, r := range f.Run.Requirements {
					if !ran[r.Requirement.ID] {
						assert.NotEqual(t, result.Fail, r.Verdict, "shard %d failed %s, none of whose scenarios it ran", f.Shard, r.Requirement.ID)
					}
				}
			}
			merged, err := shard.Merge(files, dirs, embedded(t))
			require.NoError(t, err)
			assert.Equal(t, verdicts(whole), verdicts(merged))
			assert.Equal(t, scenarioStatuses(whole), scenarioStatuses(merged))
			assert.Equal(t, whole.Certified, merged.Certified)
			assert.Equal(t, whole.Summary, merged.Summary)
			assert.Equal(t, whole.Failed(), merged.Failed())
			if c.violation != "" {
				assert.NotEmpty(t, merged.Failed(), "the violation must still fail after the merge")
			}
		})
	}
}

func TestMergeRefusesWhatIsNotOneRun(t *testing.T) {
	set := embedded(t)
	// The compliant shards TestMergedShardsJudgeAsUnsharded merges: every
	// case below edits its own fresh reading of them.
	dirs := writeShards(t, 3, nil, 11)
	fresh := func() []*shard.File { return readAll(t, dirs) }
	cases := []struct {
		name  string
		edit  func(fs []*shard.File) []*shard.File
		wants string
	}{
		{"another seed", func(fs []*shard.File) []*shard.File { fs[1].Seed++; return fs }, "different seeds"},
		{"another requirement set", func(fs []*shard.File) []*shard.File { fs[2].RequirementSet = "0ff"; return fs }, "different requirement sets"},
		{"other roles", func(fs []*shard.File) []*shard.File { fs[1].Roles = []string{"wallet"}; return fs }, "different roles"},
		{"another target", func(fs []*shard.File) []*shard.File { fs[1].Target = "builtin:reference?violate=no-report"; return fs }, "different targets"},
		{"another shard count", func(fs []*shard.File) []*shard.File { fs[1].Shards = 4; return fs }, "different shard counts"},
		{"a missing shard", func(fs []*shard.File) []*shard.File { return fs[:2] }, "shard(s) 3/3 missing"},
		{"a duplicate shard", func(fs []*shard.File) []*shard.File { return []*shard.File{fs[0], fs[1], fs[1]} }, "given twice"},
		{"a scenario in two shards", func(fs []*shard.File) []*shard.File {
			fs[1].Run.Scenarios = append(fs[1].Run.Scenarios, fs[0].Run.Scenarios[0])
			return fs
		}, "is in both"},
		{"this hutong's requirement set differs", func(fs []*shard.File) []*shard.File {
			for _, f := range fs {
				f.RequirementSet = "0ff"
			}
			return fs
		}, "this hutong carries"},
		{"nothing", func([]*shard.File) []*shard.File { return nil }, "no shards"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := shard.Merge(c.edit(fresh()), dirs, set)
			var me *shard.MergeError
			require.ErrorAs(t, err, &me)
			assert.Contains(t, err.Error(), c.wants)
		})
	}
}

func TestReadRejectsWhatIsNotAShardResult(t *testing.T) {
	dir := t.TempDir()
	_, err := shard.Read(dir)
	assert.ErrorContains(t, err, "hutong certify --shard")

	p := filepath.Join(dir, shard.FileName)
	require.NoError(t, os.WriteFile(p, []byte(`{"format":"something-else/9","run":{}}`), 0o644))
	_, err = shard.Read(dir)
	assert.ErrorContains(t, err, `format "something-else/9"`)

	require.NoError(t, os.WriteFile(p, []byte(`not json`), 0o644))
	_, err = shard.Read(p)
	assert.ErrorContains(t, err, "not a hutong shard result")

	require.NoError(t, os.WriteFile(p, []byte(`{"format":"`+shard.Format+`","seed":1,"run":{"seed":2}}`), 0o644))
	_, err = shard.Read(p)
	assert.ErrorContains(t, err, "disagrees")
}
