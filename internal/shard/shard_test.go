package shard_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// runs holds every run the package's tests made, by shard, seed and
// violations: a run is certified once and shared, since certification is
// the slow part (seconds under -race) and nothing here changes a run — the
// tests edit the files read back from disk, never the run they came from.
var runs struct {
	sync.Mutex
	by map[string]*result.Run
}

// messengerOnly is the target the shards are cut from: the reference
// claiming only the messenger, whose certification at certification depth
// is the cheapest of the four roles' under -race (about 2.4 CPU-s, the whole
// reference's 16). What merging proves holds for any roles, so long as the
// whole run certifies and its scenarios spread over more than one shard:
// its 12 scenarios deal 4 to each of three shards, LINK-03's and LINK-05's
// over all three, and no shard holds a scenario of every requirement.
const messengerOnly = "builtin:reference?roles=messenger"

// broken is a switch that breaks the messenger (six of its requirements),
// for the runs that must fail.
const broken = "rival-links-blocked"

func certify(t *testing.T, s shard.Spec, seed int64, violations ...string) *result.Run {
	t.Helper()
	key := fmt.Sprintf("%d/%d seed %d %s", s.K, s.N, seed, strings.Join(violations, ","))
	runs.Lock()
	defer runs.Unlock()
	if run, ok := runs.by[key]; ok {
		return run
	}
	spec := messengerOnly
	if len(violations) > 0 {
		spec += "&violate=" + strings.Join(violations, ",")
	}
	tg, err := target.Resolve(spec)
	require.NoError(t, err)
	defer tg.Close()
	// Certification depth: the whole compliant run is a certification, and
	// so must its merged shards be.
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Concurrency: 4, Seed: seed, Shard: s})
	require.NoError(t, err)
	if runs.by == nil {
		runs.by = map[string]*result.Run{}
	}
	runs.by[key] = run
	return run
}

// writeShards runs every shard of n and writes each result.json to its own
// directory, the way a CI matrix does; it returns the directories.
func writeShards(t *testing.T, n int, seed int64, violations ...string) []string {
	t.Helper()
	return writeSealed(t, nil, n, seed, violations...)
}

// writeSealed is writeShards with each shard signed by key (nil: sealed by
// digest only).
func writeSealed(t *testing.T, key ed25519.PrivateKey, n int, seed int64, violations ...string) []string {
	t.Helper()
	var dirs []string
	for k := 1; k <= n; k++ {
		s := shard.Spec{K: k, N: n}
		run := certify(t, s, seed, violations...)
		assert.False(t, run.Certified, "a shard is never a certification")
		assert.True(t, run.Partial)
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("shard-%d", k))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		var buf bytes.Buffer
		f := shard.NewFile(s, run, run.Selected)
		require.NoError(t, f.SealWith(key))
		require.NoError(t, f.Write(&buf))
		require.NoError(t, os.WriteFile(filepath.Join(dir, shard.FileName), buf.Bytes(), 0o644))
		dirs = append(dirs, dir)
	}
	return dirs
}

func readAll(t *testing.T, dirs []string) []*shard.File {
	t.Helper()
	var files []*shard.File
	for _, d := range dirs {
		f, err := shard.Read(d, nil)
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
func TestMergedShardsJudgeAsUnsharded(t *testing.T) {
	for _, violation := range []string{"", broken} {
		t.Run("violate="+violation, func(t *testing.T) {
			var vs []string
			if violation != "" {
				vs = []string{violation}
			}
			whole := certify(t, shard.Spec{}, 11, vs...)
			dirs := writeShards(t, 3, 11, vs...)
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
			assert.Equal(t, violation == "", whole.Certified, "the whole run certifies only without the switch")
			assert.Equal(t, whole.Certified, merged.Certified)
			assert.Equal(t, whole.Summary, merged.Summary)
			assert.Equal(t, whole.Failed(), merged.Failed())
			if violation != "" {
				assert.NotEmpty(t, merged.Failed(), "the violation must still fail after the merge")
			}
		})
	}
}

func TestMergeRefusesWhatIsNotOneRun(t *testing.T) {
	set := embedded(t)
	dirs := writeShards(t, 3, 11)
	// The files are read from disk once (reading, with its seal check, is
	// most of a case's time under -race), and each case edits copies of
	// them: a copy of each file, its run, and every slice a case appends to
	// or cuts, so no case sees another's edits.
	read := readAll(t, dirs)
	fresh := func() []*shard.File {
		var fs []*shard.File
		for _, f := range read {
			c := *f
			run := *f.Run
			c.Run = &run
			run.Scenarios = slices.Clip(run.Scenarios)
			c.Selected = slices.Clip(c.Selected)
			c.Roles = slices.Clip(c.Roles)
			c.Implementation.Capabilities = slices.Clip(c.Implementation.Capabilities)
			c.Implementation.Surfaces = slices.Clip(c.Implementation.Surfaces)
			fs = append(fs, &c)
		}
		return fs
	}
	cases := []struct {
		name  string
		edit  func(fs []*shard.File) []*shard.File
		wants string
	}{
		{"another seed", func(fs []*shard.File) []*shard.File { fs[1].Seed++; return fs }, "different seeds"},
		{"another requirement set", func(fs []*shard.File) []*shard.File { fs[2].RequirementSet = "0ff"; return fs }, "different requirement sets"},
		{"other roles", func(fs []*shard.File) []*shard.File { fs[1].Roles = []string{"wallet"}; return fs }, "different roles"},
		{"another target", func(fs []*shard.File) []*shard.File { fs[1].Target = "builtin:reference?violate=no-report"; return fs }, "different targets"},
		{"another depth", func(fs []*shard.File) []*shard.File { fs[1].Run.Depth = result.DepthQuick; return fs }, "different depths"},
		{"another shard count", func(fs []*shard.File) []*shard.File { fs[1].Shards = 4; return fs }, "different shard counts"},
		{"a missing shard", func(fs []*shard.File) []*shard.File { return fs[:2] }, "shard(s) 3/3 missing"},
		{"a duplicate shard", func(fs []*shard.File) []*shard.File { return []*shard.File{fs[0], fs[1], fs[1]} }, "given twice"},
		{"a scenario in two shards", func(fs []*shard.File) []*shard.File {
			fs[1].Run.Scenarios = append(fs[1].Run.Scenarios, fs[0].Run.Scenarios[0])
			return fs
		}, "which is not shard 2/3's"},
		{"a failed scenario deleted", func(fs []*shard.File) []*shard.File {
			fs[2].Run.Scenarios = fs[2].Run.Scenarios[1:]
			return fs
		}, "lacks 1 of its scenarios"},
		{"another implementation", func(fs []*shard.File) []*shard.File { fs[1].Implementation.Version = "9"; return fs }, "different implementations"},
		{"other capabilities announced", func(fs []*shard.File) []*shard.File {
			fs[1].Implementation.Capabilities = append(fs[1].Implementation.Capabilities, "pages")
			return fs
		}, "different announced capabilities"},
		{"other surfaces announced", func(fs []*shard.File) []*shard.File { fs[2].Implementation.Surfaces = nil; return fs }, "different announced surfaces"},
		{"another harness version", func(fs []*shard.File) []*shard.File { fs[1].HarnessVersion = "0.0.1"; return fs }, "different harness versions"},
		{"another selection", func(fs []*shard.File) []*shard.File { fs[1].Selected = fs[1].Selected[1:]; return fs }, "different scenario selections"},
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

// A shard's result is sealed: any edit after it was written is refused, and
// a signed merge takes only shards signed by its own key.
func TestEditedOrUnsignedShardsAreRefused(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	dirs := writeSealed(t, priv, 3, 11, broken)
	pub := priv.Public().(ed25519.PublicKey)
	for _, d := range dirs {
		_, err := shard.Read(d, pub)
		require.NoError(t, err)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	_, err = shard.Read(dirs[0], other.Public().(ed25519.PublicKey))
	assert.ErrorContains(t, err, "not signed by the merge's key")

	flipped := false
	for _, d := range dirs {
		path := filepath.Join(d, shard.FileName)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		edited := bytes.Replace(b, []byte(`"status": "failed"`), []byte(`"status": "passed"`), 1)
		if bytes.Equal(b, edited) {
			continue
		}
		flipped = true
		require.NoError(t, os.WriteFile(path, edited, 0o644))
		_, err = shard.Read(d, nil)
		assert.ErrorContains(t, err, "changed after it was written")
	}
	require.True(t, flipped, "no shard holds a failed scenario to flip")

	unsigned := writeShards(t, 3, 11)
	_, err = shard.Read(unsigned[0], pub)
	assert.ErrorContains(t, err, "not signed by the merge's key")
}

func TestShardFromTheCIEngine(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	s, err := shard.ParseWithEnv("ci", env(map[string]string{"CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"}))
	require.NoError(t, err)
	assert.Equal(t, shard.Spec{K: 2, N: 3}, s)
	s, err = shard.ParseWithEnv("ci/4", env(map[string]string{"JOB_COMPLETION_INDEX": "0"}))
	require.NoError(t, err)
	assert.Equal(t, shard.Spec{K: 1, N: 4}, s, "a Kubernetes index counts from 0")
	_, err = shard.ParseWithEnv("ci", env(nil))
	assert.ErrorContains(t, err, "CI_NODE_TOTAL is not set")
	_, err = shard.ParseWithEnv("ci/3", env(map[string]string{"JOB_COMPLETION_INDEX": "3"}))
	assert.ErrorContains(t, err, "4/3")
	s, err = shard.ParseWithEnv("2/5", env(nil))
	require.NoError(t, err)
	assert.Equal(t, shard.Spec{K: 2, N: 5}, s)
}

func TestReadRejectsWhatIsNotAShardResult(t *testing.T) {
	dir := t.TempDir()
	_, err := shard.Read(dir, nil)
	assert.ErrorContains(t, err, "hutong certify --shard")

	p := filepath.Join(dir, shard.FileName)
	require.NoError(t, os.WriteFile(p, []byte(`{"format":"something-else/9","run":{}}`), 0o644))
	_, err = shard.Read(dir, nil)
	assert.ErrorContains(t, err, `format "something-else/9"`)

	require.NoError(t, os.WriteFile(p, []byte(`not json`), 0o644))
	_, err = shard.Read(p, nil)
	assert.ErrorContains(t, err, "not a hutong shard result")

	require.NoError(t, os.WriteFile(p, []byte(`{"format":"`+shard.Format+`","seed":1,"run":{"seed":2}}`), 0o644))
	_, err = shard.Read(p, nil)
	assert.ErrorContains(t, err, "not sealed")

	f := shard.NewFile(shard.Spec{K: 1, N: 2}, &result.Run{Seed: 2}, nil)
	f.Seed = 1
	require.NoError(t, f.SealWith(nil))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	_, err = shard.Read(p, nil)
	assert.ErrorContains(t, err, "disagrees")
}
