// Package features holds the requirement set: Gherkin feature files, one folder
// per requirement family, embedded so that the binary certifies against exactly
// the text it was built with; the set's version (VERSION) and its changelog
// (CHANGELOG.md), which records the digest each version was released with;
// and the division of every Rule's text into clauses (clauses.txt, and
// zh-CN/clauses.txt for the twin), which the checks in steps/ name.
//
// The set is written in English; its twin in Chinese (zh-CN/, the same
// requirements, IDs, tags and scenarios in Gherkin's zh-CN keywords, with the
// sources under their original Chinese titles) shares its version, and the
// changelog records the digest of each language's text.
package features

import "embed"

// FS holds every English feature file, at paths like "links/links.feature",
// and VERSION and CHANGELOG.md at its root: the requirement set as English
// readers and every earlier version of hutong know it.
//
//go:embed */*.feature VERSION CHANGELOG.md clauses.txt
var FS embed.FS

// All holds what FS holds and every twin in another language, at paths like
// "zh-CN/links/links.feature"; model/requirement.ForLang selects one
// language's set from it.
//
//go:embed */*.feature VERSION CHANGELOG.md clauses.txt zh-CN/*/*.feature zh-CN/clauses.txt
var All embed.FS
