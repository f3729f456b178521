// Package shard splits a run into N deterministic slices for CI matrices and
// merges the slices' results back into one run, judged as if it had run on
// one machine.
//
// A scenario's slice depends only on its position in feature order among the
// scenarios the run selects (roles and tags), never on the seed or the
// concurrency, so every job of a matrix agrees on who runs what without
// talking to the others.
package shard

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// Spec is shard K of N. The zero Spec is the whole run.
type Spec struct {
	K, N int
}

// Parse reads "K/N" with 1 <= K <= N.
func Parse(s string) (Spec, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	ki, kerr := strconv.Atoi(k)
	ni, nerr := strconv.Atoi(n)
	if !ok || kerr != nil || nerr != nil {
		return Spec{}, fmt.Errorf("--shard %q: write K/N with whole numbers, e.g. 2/3 for the second of three shards", s)
	}
	if ni < 1 || ki < 1 || ki > ni {
		return Spec{}, fmt.Errorf("--shard %q: K/N needs 1 <= K <= N (shards are numbered from 1)", s)
	}
	return Spec{K: ki, N: ni}, nil
}

// ParseWithEnv is Parse, and also reads the slice from the CI engine that
// runs the matrix: "ci" takes K and N from GitLab's CI_NODE_INDEX (1-based)
// and CI_NODE_TOTAL; "ci/N" takes N as given and K from CI_NODE_INDEX, or
// from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (0-based).
func ParseWithEnv(s string, getenv func(string) string) (Spec, error) {
	if s != "ci" && !strings.HasPrefix(s, "ci/") {
		return Parse(s)
	}
	total := strings.TrimPrefix(strings.TrimPrefix(s, "ci"), "/")
	if total == "" {
		total = getenv("CI_NODE_TOTAL")
		if total == "" {
			return Spec{}, fmt.Errorf("--shard ci: CI_NODE_TOTAL is not set (GitLab sets it for a job with 'parallel:'); elsewhere give the total as --shard ci/N")
		}
	}
	var k string
	switch {
	case getenv("CI_NODE_INDEX") != "":
		k = getenv("CI_NODE_INDEX")
	case getenv("JOB_COMPLETION_INDEX") != "":
		i, err := strconv.Atoi(getenv("JOB_COMPLETION_INDEX"))
		if err != nil {
			return Spec{}, fmt.Errorf("--shard %s: JOB_COMPLETION_INDEX=%q is not a whole number", s, getenv("JOB_COMPLETION_INDEX"))
		}
		k = strconv.Itoa(i + 1)
	default:
		return Spec{}, fmt.Errorf("--shard %s: neither CI_NODE_INDEX (GitLab) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set", s)
	}
	spec, err := Parse(k + "/" + total)
	if err != nil {
		return Spec{}, fmt.Errorf("--shard %s: the CI engine's slice %s/%s: %v", s, k, total, err)
	}
	return spec, nil
}

// Active reports whether the run is split at all.
func (s Spec) Active() bool { return s.N > 1 }

func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Takes reports whether the scenario at index i (0-based, in feature order
// among the scenarios the run selects) belongs to this shard. Dealing them
// round-robin keeps the shards within one scenario of each other in size and
// spreads each feature file's scenarios over every shard.
func (s Spec) Takes(i int) bool {
	if !s.Active() {
		return true
	}
	return i%s.N == s.K-1
}

// FileName is what a shard writes beside its reports.
const FileName = "result.json"

// Format names the layout of File, so that a future change is detected
// rather than misread.
const Format = "hutong-shard-result/2"

// File is a shard's machine-readable outcome: the full run, and the identity
// the shards of one run must share, at the top where a reader finds it.
type File struct {
	Format         string                    `json:"format"`
	Shard          int                       `json:"shard"`
	Shards         int                       `json:"shards"`
	RequirementSet string                    `json:"requirement_set_sha256"`
	HarnessVersion string                    `json:"harness_version"`
	Implementation result.ImplementationInfo `json:"implementation"`
	Seed           int64                     `json:"seed"`
	Roles          []string                  `json:"roles"`
	Target         string                    `json:"target"`
	Tags           string                    `json:"tags,omitempty"`
	// Selected are the keys (FILE:LINE) of every scenario the whole run
	// selects, in feature order: the list the slice rule deals from, so a
	// merge can check that each shard holds exactly its own.
	Selected []string    `json:"selected"`
	Run      *result.Run `json:"run"`
	// Seal binds everything above: the SHA-256 of the file's canonical JSON
	// without the seal, and with --sign-key an Ed25519 signature over it.
	Seal *Seal `json:"seal,omitempty"`
}

// Seal is a shard file's integrity and, when signed, its origin.
type Seal struct {
	SHA256    string `json:"sha256"`
	PublicKey string `json:"public_key,omitempty"`
	Signature string `json:"signature,omitempty"`
}

// NewFile describes run as shard s of a run that selected the scenarios
// keyed selected. A run that was not split is shard 1/1.
func NewFile(s Spec, run *result.Run, selected []string) *File {
	if !s.Active() {
		s = Spec{K: 1, N: 1}
	}
	return &File{Format: Format, Shard: s.K, Shards: s.N, RequirementSet: run.RequirementSet, Seed: run.Seed,
		HarnessVersion: run.HarnessVersion, Implementation: run.Implementation,
		Roles: run.RolesTested, Target: run.Target, Tags: run.Tags, Selected: append([]string{}, selected...), Run: run}
}

// Key names a scenario across shards: its file and line.
func Key(s *result.Scenario) string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// SealWith seals f: its digest always, and a signature when key is not nil.
func (f *File) SealWith(key ed25519.PrivateKey) error {
	f.Seal = nil
	msg, err := canonical(f)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(msg)
	f.Seal = &Seal{SHA256: hex.EncodeToString(sum[:])}
	if key != nil {
		f.Seal.PublicKey = base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
		f.Seal.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg))
	}
	return nil
}

// canonical is the sealed form of a value: its JSON re-encoded with object
// members in sorted order and numbers as written, so the digest does not
// depend on how the file was indented or its members ordered.
func canonical(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

// checkSeal recomputes f's digest and, when pub is given, requires a valid
// signature by it.
func (f *File) checkSeal(path string, pub ed25519.PublicKey) error {
	seal := f.Seal
	if seal == nil {
		return &MergeError{fmt.Sprintf("%s: the shard's result is not sealed", path)}
	}
	f.Seal = nil
	msg, err := canonical(f)
	f.Seal = seal
	if err != nil {
		return &MergeError{fmt.Sprintf("%s: %v", path, err)}
	}
	sum := sha256.Sum256(msg)
	if hex.EncodeToString(sum[:]) != seal.SHA256 {
		return &MergeError{fmt.Sprintf("%s: the shard's result was changed after it was written (its digest does not match)", path)}
	}
	if pub == nil {
		return nil
	}
	sig, err := base64.StdEncoding.DecodeString(seal.Signature)
	if seal.Signature == "" || err != nil || !ed25519.Verify(pub, msg, sig) {
		return &MergeError{fmt.Sprintf("%s: the shard's result is not signed by the merge's key: a signed certificate cannot rest on it", path)}
	}
	return nil
}

// Write writes f as indented JSON.
func (f *File) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// MergeError is a set of shards that cannot be merged: a usage error.
type MergeError struct{ Msg string }

func (e *MergeError) Error() string { return e.Msg }

// Read reads a shard's file from path, which is the file itself or the
// report directory holding it, and checks its seal; with pub, it must also
// be signed by pub.
func Read(path string, pub ed25519.PublicKey) (*File, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, FileName)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &MergeError{fmt.Sprintf("cannot read a shard's result: %v (run 'hutong certify --shard K/N' to write one)", err)}
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, &MergeError{fmt.Sprintf("%s: not a hutong shard result: %v", path, err)}
	}
	if f.Format != Format {
		return nil, &MergeError{fmt.Sprintf("%s: format %q, this hutong reads %q", path, f.Format, Format)}
	}
	if f.Run == nil {
		return nil, &MergeError{fmt.Sprintf("%s: has no run", path)}
	}
	if err := f.checkSeal(path, pub); err != nil {
		return nil, err
	}
	// The header is what merging trusts; a header that disagrees with its
	// own run has been edited or is corrupt.
	if f.RequirementSet != f.Run.RequirementSet || f.Seed != f.Run.Seed || f.Target != f.Run.Target ||
		f.Tags != f.Run.Tags || !slices.Equal(f.Roles, f.Run.RolesTested) || f.HarnessVersion != f.Run.HarnessVersion ||
		f.Implementation.Name != f.Run.Implementation.Name || f.Implementation.Version != f.Run.Implementation.Version ||
		!slices.Equal(f.Implementation.Capabilities, f.Run.Implementation.Capabilities) || !slices.Equal(f.Implementation.Surfaces, f.Run.Implementation.Surfaces) {
		return nil, &MergeError{fmt.Sprintf("%s: the header (requirement set, harness version, implementation, seed, target, tags, roles) disagrees with the run it describes", path)}
	}
	return &f, nil
}

// Merge joins the shards of one run and judges the whole against set, the
// requirement set this harness carries. It refuses shards of different runs
// (requirement set, seed, roles, target, tags, shard count), shards run
// against another requirement set than set, and missing or duplicate shards,
// because any of those would produce verdicts no single run could have.
// names label the shards in messages (their paths), in the order of files.
func Merge(files []*File, names []string, set *requirement.Set) (*result.Run, error) {
	if len(files) == 0 {
		return nil, &MergeError{"no shards to merge"}
	}
	label := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("shard file %d", i+1)
	}
	first := files[0]
	for i, f := range files[1:] {
		i++
		for _, d := range []struct {
			what string
			a, b any
		}{
			{"requirement sets", first.RequirementSet, f.RequirementSet},
			{"harness versions", first.HarnessVersion, f.HarnessVersion},
			{"implementations", first.Implementation.Name + " " + first.Implementation.Version, f.Implementation.Name + " " + f.Implementation.Version},
			// What was announced decides which requirements ran: shards
			// that disagree were not run against one implementation.
			{"announced capabilities", strings.Join(first.Implementation.Capabilities, ","), strings.Join(f.Implementation.Capabilities, ",")},
			{"announced surfaces", strings.Join(first.Implementation.Surfaces, ","), strings.Join(f.Implementation.Surfaces, ",")},
			{"scenario selections", strings.Join(first.Selected, ","), strings.Join(f.Selected, ",")},
			{"seeds", first.Seed, f.Seed},
			{"depths", first.Run.Depth, f.Run.Depth},
			{"roles", strings.Join(first.Roles, ","), strings.Join(f.Roles, ",")},
			{"targets", first.Target, f.Target},
			{"tag filters", first.Tags, f.Tags},
			{"shard counts", first.Shards, f.Shards},
		} {
			if d.a != d.b {
				return nil, &MergeError{fmt.Sprintf("refusing to merge shards of different runs: %s and %s have different %s (%v and %v)", label(0), label(i), d.what, d.a, d.b)}
			}
		}
	}
	if first.RequirementSet != set.Digest() {
		return nil, &MergeError{fmt.Sprintf("refusing to merge: the shards ran requirement set %s, this hutong carries %s; merge with the hutong that ran them", first.RequirementSet, set.Digest())}
	}
	seen := map[int]int{}
	for i, f := range files {
		if f.Shard < 1 || f.Shard > f.Shards {
			return nil, &MergeError{fmt.Sprintf("%s: shard %d/%d is not a valid shard", label(i), f.Shard, f.Shards)}
		}
		if j, dup := seen[f.Shard]; dup {
			return nil, &MergeError{fmt.Sprintf("shard %d/%d given twice: %s and %s", f.Shard, f.Shards, label(j), label(i))}
		}
		seen[f.Shard] = i
	}
	var missing []string
	for k := 1; k <= first.Shards; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, first.Shards))
		}
	}
	if len(missing) > 0 {
		return nil, &MergeError{fmt.Sprintf("shard(s) %s missing: a merge needs every shard of the run", strings.Join(missing, ", "))}
	}

	// Each shard must hold exactly the scenarios the slice rule deals it
	// from the run's selection: no more (a scenario of another shard, or
	// none of the run's), no fewer (a failure deleted).
	for i, f := range files {
		want := map[string]bool{}
		for j, key := range f.Selected {
			if (Spec{K: f.Shard, N: f.Shards}).Takes(j) {
				want[key] = true
			}
		}
		got := map[string]bool{}
		for _, s := range f.Run.Scenarios {
			key := Key(s)
			if !want[key] {
				return nil, &MergeError{fmt.Sprintf("%s: holds scenario %q (%s), which is not shard %d/%d's", label(i), s.Name, key, f.Shard, f.Shards)}
			}
			got[key] = true
		}
		var lost []string
		for key := range want {
			if !got[key] {
				lost = append(lost, key)
			}
		}
		if len(lost) > 0 && !f.Run.Interrupted {
			sort.Strings(lost)
			return nil, &MergeError{fmt.Sprintf("%s: shard %d/%d lacks %d of its scenarios (%s): a shard's result must hold every scenario dealt to it", label(i), f.Shard, f.Shards, len(lost), strings.Join(lost, ", "))}
		}
	}

	head := *first.Run
	run := &head
	run.Shard = ""
	run.Scenarios = nil
	at := map[string]string{}
	for i, f := range files {
		r := f.Run
		if r.Started.Before(run.Started) {
			run.Started = r.Started
		}
		if r.Finished.After(run.Finished) {
			run.Finished = r.Finished
		}
		run.Interrupted = run.Interrupted || r.Interrupted
		for _, s := range r.Scenarios {
			key := Key(s)
			if prev, dup := at[key]; dup {
				return nil, &MergeError{fmt.Sprintf("scenario %q (%s) is in both %s and %s: these are not shards of one run", s.Name, key, prev, label(i))}
			}
			at[key] = label(i)
			run.Scenarios = append(run.Scenarios, s)
		}
	}
	sort.SliceStable(run.Scenarios, func(i, j int) bool {
		a, b := run.Scenarios[i], run.Scenarios[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	// The merged run carries the text of the set it was judged against,
	// so its reports can show each feature's narrative.
	run.RequirementFiles = set.Files
	run.Judge(Requirements(set, run.RolesTested))
	return run, nil
}

// Requirements are the requirements of set that apply to any of roles: the
// ones a run over those roles is judged on.
func Requirements(set *requirement.Set, roles []string) []*requirement.Requirement {
	var out []*requirement.Requirement
	for _, r := range set.Requirements {
		for _, role := range roles {
			if r.HasRole(role) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
