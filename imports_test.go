package hutong

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rule is one line of doc.go's import rules.
type rule struct {
	pattern string
	allowed []string
}

// importRules reads the rules from doc.go's "Import rules" section, so the
// prose a reader sees is the rule the build enforces.
func importRules(t *testing.T) []rule {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	require.NotNil(t, f.Doc, "doc.go has no package comment")
	rules, err := parseRules(f.Doc.Text())
	require.NoError(t, err)
	return rules
}

func parseRules(doc string) ([]rule, error) {
	_, section, ok := strings.Cut(doc, "Import rules")
	if !ok {
		return nil, fmt.Errorf("doc.go has no \"Import rules\" section")
	}
	var rules []rule
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "\t") {
			continue
		}
		lhs, rhs, ok := strings.Cut(line, "->")
		if !ok {
			continue
		}
		rules = append(rules, rule{pattern: strings.TrimSpace(lhs), allowed: strings.Fields(rhs)})
	}
	if len(rules) == 0 {
		return nil, fmt.Errorf("the \"Import rules\" section of doc.go lists no rule")
	}
	return rules, nil
}

// covers reports whether pattern matches the module-relative path p, and
// how specifically (the length of what it names), so the longest wins.
func covers(pattern, p string) (bool, int) {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == base || strings.HasPrefix(p, base+"/"), len(base)
	}
	return p == pattern, len(pattern)
}

// checkImports returns one line per import the rules forbid and per package
// no rule covers. graph maps module-relative package paths to the
// module-relative paths they import ("." is the module's root package).
func checkImports(rules []rule, graph map[string][]string) []string {
	var problems []string
	pkgs := make([]string, 0, len(graph))
	for p := range graph {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		var best *rule
		bestLen := -1
		for i := range rules {
			if ok, n := covers(rules[i].pattern, p); ok && n > bestLen {
				best, bestLen = &rules[i], n
			}
		}
		if best == nil {
			problems = append(problems, fmt.Sprintf("%s: no import rule in doc.go covers this package", p))
			continue
		}
		for _, imp := range graph[p] {
			ok := false
			for _, a := range best.allowed {
				if c, _ := covers(a, imp); c {
					ok = true
					break
				}
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("%s imports %s, which the rule %q does not allow (it allows: %s)",
					p, imp, best.pattern, strings.Join(best.allowed, " ")))
			}
		}
	}
	return problems
}

// moduleGraph asks the go command for every package of the module and its
// direct imports within the module; test files are left out, as they may
// reach across layers to prove the layers work together.
func moduleGraph(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m").Output()
	require.NoError(t, err, "go list -m")
	mod := strings.TrimSpace(string(out))
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	require.NoError(t, err, "go list -deps: %s", stderr.String())
	rel := func(p string) (string, bool) {
		if p == mod {
			return ".", true
		}
		r, ok := strings.CutPrefix(p, mod+"/")
		return r, ok
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		p, ok := rel(fields[0])
		if !ok {
			continue
		}
		graph[p] = nil
		for _, imp := range fields[1:] {
			if r, ok := rel(imp); ok {
				graph[p] = append(graph[p], r)
			}
		}
	}
	return graph
}

func TestImportsPointDown(t *testing.T) {
	graph := moduleGraph(t)
	require.Contains(t, graph, "contract/iti", "go list found none of the module's packages")
	problems := checkImports(importRules(t), graph)
	assert.Empty(t, problems, "imports that break doc.go's rules:\n%s", strings.Join(problems, "\n"))
}

// The check itself must catch what it exists for: an upward import, an
// import across the layer, and a package added where no rule reaches.
func TestImportCheckCatchesForbiddenImports(t *testing.T) {
	rules := importRules(t)
	cases := map[string]struct {
		graph map[string][]string
		want  string
	}{
		"contract imports the harness": {
			map[string][]string{"contract/iti": {"internal/runner"}},
			"contract/iti imports internal/runner",
		},
		"reference sees a mock": {
			map[string][]string{"reference/platform": {"contract/iti", "mocks/institution"}},
			"reference/platform imports mocks/institution",
		},
		"a report calls the steps": {
			map[string][]string{"reports/html": {"model/result", "steps/scenario"}},
			"reports/html imports steps/scenario",
		},
		"steps import the harness above them": {
			map[string][]string{"steps/links": {"internal/runner"}},
			"steps/links imports internal/runner",
		},
		"a package outside every rule": {
			map[string][]string{"conformance/runner": {"steps"}},
			"conformance/runner: no import rule",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			problems := checkImports(rules, c.graph)
			require.Len(t, problems, 1, "%v", problems)
			assert.Contains(t, problems[0], c.want)
		})
	}
	// And allows what the layers are for.
	assert.Empty(t, checkImports(rules, map[string][]string{
		"steps/access":  {"contract/iti", "model/evidence", "mocks/institution", "steps/internal/stats"},
		"internal/lint": {"model/requirement"},
		"cmd/hutong":    {"internal/runner", "reference", "reports/junit", "features"},
	}))
}

func TestParseRulesNeedsTheSection(t *testing.T) {
	_, err := parseRules("Package hutong.\n\n\tcontract/... -> contract/...\n")
	assert.ErrorContains(t, err, "Import rules")
	_, err = parseRules("Import rules\n\nno rule lines here\n")
	assert.ErrorContains(t, err, "no rule")
}
