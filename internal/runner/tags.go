package runner

import (
	"fmt"
	"strings"
)

// tagExpr is a parsed --tags filter.
type tagExpr interface {
	eval(has map[string]bool) bool
}

type tagLit string
type tagNot struct{ x tagExpr }
type tagAnd struct{ a, b tagExpr }
type tagOr struct{ a, b tagExpr }

func (t tagLit) eval(has map[string]bool) bool { return has[string(t)] }
func (t tagNot) eval(has map[string]bool) bool { return !t.x.eval(has) }
func (t tagAnd) eval(has map[string]bool) bool { return t.a.eval(has) && t.b.eval(has) }
func (t tagOr) eval(has map[string]bool) bool  { return t.a.eval(has) || t.b.eval(has) }

// tagHelp is what a user is told when a filter does not parse.
const tagHelp = "write tags like @LINK-01 and combine them as Cucumber does ('@a or @b', '@a and not @b', parentheses) or as godog does ('@a,@b' is or, '@a && ~@b' is and not)"

// parseTags reads a tag filter in Cucumber's tag-expression syntax (and, or,
// not, parentheses) or godog's (',' or, '&&' and, '~' not), or a mix; ""
// selects everything (nil). Tags are matched exactly, as Cucumber does.
func parseTags(expr string) (tagExpr, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	toks, err := tagTokens(expr)
	if err != nil {
		return nil, fmt.Errorf("--tags %q: %v; %s", expr, err, tagHelp)
	}
	p := &tagParser{toks: toks}
	x, err := p.or()
	if err == nil && p.i < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.i])
	}
	if err != nil {
		return nil, fmt.Errorf("--tags %q: %v; %s", expr, err, tagHelp)
	}
	return x, nil
}

func tagTokens(expr string) ([]string, error) {
	var out []string
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == ',' || c == '~':
			out = append(out, string(c))
			i++
		case strings.HasPrefix(expr[i:], "&&"):
			out = append(out, "&&")
			i += 2
		default:
			j := i
			for j < len(expr) && !strings.ContainsRune(" \t(),~", rune(expr[j])) && !strings.HasPrefix(expr[j:], "&&") {
				j++
			}
			word := expr[i:j]
			if word != "and" && word != "or" && word != "not" && (!strings.HasPrefix(word, "@") || len(word) < 2 || strings.Contains(word[1:], "@")) {
				return nil, fmt.Errorf("%q is not a tag", word)
			}
			out = append(out, word)
			i = j
		}
	}
	return out, nil
}

type tagParser struct {
	toks []string
	i    int
}

func (p *tagParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *tagParser) or() (tagExpr, error) {
	x, err := p.and()
	for err == nil && (p.peek() == "or" || p.peek() == ",") {
		p.i++
		var y tagExpr
		if y, err = p.and(); err == nil {
			x = tagOr{x, y}
		}
	}
	return x, err
}

func (p *tagParser) and() (tagExpr, error) {
	x, err := p.not()
	for err == nil && (p.peek() == "and" || p.peek() == "&&") {
		p.i++
		var y tagExpr
		if y, err = p.not(); err == nil {
			x = tagAnd{x, y}
		}
	}
	return x, err
}

func (p *tagParser) not() (tagExpr, error) {
	switch t := p.peek(); {
	case t == "not" || t == "~":
		p.i++
		x, err := p.not()
		return tagNot{x}, err
	case t == "(":
		p.i++
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("a '(' is not closed")
		}
		p.i++
		return x, nil
	case strings.HasPrefix(t, "@"):
		p.i++
		return tagLit(t), nil
	case t == "":
		return nil, fmt.Errorf("a tag is missing at the end")
	default:
		return nil, fmt.Errorf("a tag is missing before %q", t)
	}
}

// roleTerms are the godog filter terms that select the scenarios of roles:
// godog pre-filters on them; the user's filter is applied on top.
func roleTerms(roles []string) string {
	terms := make([]string, len(roles))
	for i, role := range roles {
		terms[i] = "@role:" + role
	}
	return strings.Join(terms, ",")
}

// tagSet is a pickle's tags, for eval.
func tagSet(names []string) map[string]bool {
	has := make(map[string]bool, len(names))
	for _, n := range names {
		has[n] = true
	}
	return has
}
