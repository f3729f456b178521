// Package features holds the requirement set: Gherkin feature files, one folder
// per requirement family, embedded so that the binary certifies against exactly
// the text it was built with; the set's version (VERSION) and its changelog
// (CHANGELOG.md), which records the digest each version was released with.
package features

import "embed"

// FS holds every feature file, at paths like "links/links.feature", and
// VERSION and CHANGELOG.md at its root.
//
//go:embed */*.feature VERSION CHANGELOG.md
var FS embed.FS
