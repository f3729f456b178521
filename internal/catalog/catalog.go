// Package catalog builds the requirement catalogue from a requirement set:
// the set's version and digest and its changelog; every requirement with its
// level, roles, statement, sources (each with its status and since when it
// applies) and scenarios; a traceability matrix from each source to the
// requirements that rest on it; and the known sources (package sources),
// with their dates, that no requirement covers yet. It writes it as
// Markdown, a self-contained HTML page, or JSON.
package catalog

import (
	"sort"

	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/requirement"
)

// Catalog is the whole catalogue.
type Catalog struct {
	SetSHA256 string `json:"requirement_set_sha256"`
	// Version is the set's version label (requirement.Set.VersionLabel):
	// the version, marked when the text is not the one released under it.
	Version string `json:"requirement_set_version"`
	// Released says whether the text is the one released as Version.
	Released bool `json:"released"`
	// Lang is the language of the requirement text (requirement.Set.Lang);
	// the known sources are named in it where they have a title in it.
	Lang string `json:"lang"`
	// Releases are the changelog's entries, newest first.
	Releases     []requirement.Release      `json:"releases"`
	Files        []requirement.File         `json:"files"`
	Requirements []*requirement.Requirement `json:"requirements"`
	// Trace maps each source text cited in the features to the requirements
	// citing it, with the known sources it corresponds to.
	Trace []Trace `json:"traceability"`
	// Coverage is every known source with the requirements that cite it;
	// an empty list is a gap.
	Coverage []Coverage `json:"known_sources"`
	// ThreatModels are the threat models the Rules state, with the threats
	// their scenarios try (threats.go).
	ThreatModels []ThreatModel `json:"threat_models"`
	// Clauses is the audit of every Rule's clauses against the checks
	// naming them (clauses.go), once MapClauses has made it.
	Clauses *ClauseMap `json:"clauses,omitempty"`
}

// ThreatModelOf is the threat model of requirement id, or nil.
func (c *Catalog) ThreatModelOf(id string) *ThreatModel {
	for i := range c.ThreatModels {
		if c.ThreatModels[i].Requirement == id {
			return &c.ThreatModels[i]
		}
	}
	return nil
}

// Trace is one row of the traceability matrix.
type Trace struct {
	Source       string   `json:"source"`
	Status       string   `json:"status"`
	Since        string   `json:"since,omitempty"`
	Requirements []string `json:"requirements"`
	// Known names the entries of the known-source list this text cites,
	// by their titles in the catalogue's language; empty when the list
	// lacks it.
	Known []string `json:"known"`
}

// Coverage is one known source and what covers it.
type Coverage struct {
	Source sources.Source `json:"source"`
	// Title is the source's name in the catalogue's language.
	Title string `json:"title"`
	// Note is what the source asks in the catalogue's language, where that
	// is not English (the English is the source's own Note).
	Note         string   `json:"note,omitempty"`
	Requirements []string `json:"requirements"`
}

// Build makes the catalogue of set.
func Build(set *requirement.Set) *Catalog {
	c := &Catalog{SetSHA256: set.Digest(), Version: set.VersionLabel(), Released: set.Released(),
		Releases: set.Releases, Files: set.Files, Requirements: set.Requirements, ThreatModels: threatModels(set), Lang: requirement.NormLang(set.Lang)}
	if c.Releases == nil {
		c.Releases = []requirement.Release{}
	}
	if c.ThreatModels == nil {
		c.ThreatModels = []ThreatModel{}
	}
	rows := map[string]*Trace{}
	covered := map[string][]string{}
	for _, r := range set.Requirements {
		for _, s := range r.Sources {
			key := s.Text + "\x00" + s.Status + "\x00" + s.Since
			t, ok := rows[key]
			if !ok {
				t = &Trace{Source: s.Text, Status: s.Status, Since: s.Since}
				for _, k := range sources.Matching(s.Text) {
					t.Known = append(t.Known, k.Title(c.Lang))
				}
				rows[key] = t
			}
			t.Requirements = appendOnce(t.Requirements, r.ID)
			for _, k := range sources.Matching(s.Text) {
				covered[k.Name] = appendOnce(covered[k.Name], r.ID)
			}
		}
	}
	for _, t := range rows {
		c.Trace = append(c.Trace, *t)
	}
	sort.Slice(c.Trace, func(i, j int) bool {
		if c.Trace[i].Source != c.Trace[j].Source {
			return c.Trace[i].Source < c.Trace[j].Source
		}
		return c.Trace[i].Status < c.Trace[j].Status
	})
	for _, k := range sources.Known {
		cv := Coverage{Source: k, Title: k.Title(c.Lang), Requirements: nonNil(covered[k.Name])}
		if c.Lang != requirement.DefaultLang {
			cv.Note = k.NoteIn(c.Lang)
		}
		c.Coverage = append(c.Coverage, cv)
	}
	return c
}

// Uncovered lists the known sources in force that no requirement cites yet;
// a replaced source is no gap.
func (c *Catalog) Uncovered() []sources.Source {
	var out []sources.Source
	for _, cv := range c.Coverage {
		if len(cv.Requirements) == 0 && cv.Source.ReplacedBy == "" {
			out = append(out, cv.Source)
		}
	}
	return out
}

// Unlisted lists the cited source texts the known-source list lacks.
func (c *Catalog) Unlisted() []Trace {
	var out []Trace
	for _, t := range c.Trace {
		if len(t.Known) == 0 {
			out = append(out, t)
		}
	}
	return out
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
