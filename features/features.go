// Package features holds the requirement set: Gherkin feature files, one folder
// per requirement family, embedded so that the binary certifies against exactly
// the text it was built with.
package features

import "embed"

// FS holds every feature file, at paths like "links/links.feature".
//
//go:embed */*.feature
var FS embed.FS
