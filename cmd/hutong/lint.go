package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/lint"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/model/requirement"
)

func lintCmd(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "lint"}
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hutong lint [PATH...]

Check feature files against hutong's conventions: every scenario has exactly
one requirement ID tag, one of @must/@should and at least one @role: tag; IDs
match their Rule, are unique, and share one prefix per file; every source
line ends with a known status ([LAW], [REG], [GUID], [POL], [STD], [PRIV],
[OPIN]); every step is matched by one of hutong's step definitions. Each
problem is printed as FILE:LINE: what is wrong.

PATH is a directory (searched for .feature files) or a .feature file; all
paths are checked together, so an ID used in two of them is caught. Without
a PATH, the requirement set built into hutong is checked.

A twin of the set in another language (a directory zh-CN/ beside the
families, or a file whose "# language:" line says zh-CN) is checked the same
way, and against the English text without running anything: the same
requirements, levels, roles, source citations (status and date), scenarios,
tags, example rows and steps, each of its steps matching exactly one
expression, the twin of the one its English step matches, with the same
values.

Exit codes: 0 no problems, 1 problems found, 2 usage error.
`)
	}
	if code, done := parseFlags(fs, args, exitUsage); done {
		return code
	}
	fsys, display, err := lintFS(fs.Args())
	if err != nil {
		return fail.usage("%v", err)
	}
	defs, err := runner.StepDefinitions()
	if err != nil {
		return fail.exit(exitUntestable, "%v", err)
	}
	rep, err := lint.Check(fsys, defs)
	if err != nil {
		return fail.usage("%v", err)
	}
	rep.Rename(display)
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p.Error())
	}
	fmt.Fprintln(stdout, rep.Summary())
	if len(rep.Problems) > 0 {
		return exitNotCertified
	}
	return exitOK
}

// lintFS gathers the feature files of paths into one file system, keyed so
// that no two paths collide, and returns how to turn a key back into the
// path the user knows. A twin in another language keeps to its own
// directory (zh-CN/…) at the root, as requirement.ForLang expects: the
// files of a directory's zh-CN/, or a file given alone in that language,
// go under zh-CN/ beside the rest.
func lintFS(paths []string) (fs.FS, func(string) string, error) {
	if len(paths) == 0 {
		return features.All, func(p string) string { return path.Join("features", p) }, nil
	}
	m := fstest.MapFS{}
	shown := map[string]string{} // key -> the path as the user knows it
	add := func(key, display string, b []byte) {
		m[key] = &fstest.MapFile{Data: b}
		shown[key] = display
	}
	for i, p := range paths {
		key := "p" + strconv.Itoa(i)
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			if !strings.HasSuffix(p, ".feature") {
				return nil, nil, fmt.Errorf("%s: not a .feature file or a directory", p)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, nil, err
			}
			k := key + "/" + filepath.Base(p)
			if lang := fileLang(p, b); lang != requirement.DefaultLang {
				k = lang + "/" + k
			}
			add(k, p, b)
			continue
		}
		n := 0
		err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(f, ".feature") {
				return err
			}
			rel, err := filepath.Rel(p, f)
			if err != nil {
				return err
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			k := key + "/" + rel
			if first, rest, ok := strings.Cut(rel, "/"); ok && requirement.IsLangDir(first) {
				k = first + "/" + key + "/" + rest
			}
			add(k, f, b)
			n++
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			return nil, nil, fmt.Errorf("%s: no .feature files in it", p)
		}
	}
	display := func(k string) string {
		if d, ok := shown[k]; ok {
			return d
		}
		return k
	}
	return m, display, nil
}

// fileLang is the language a feature file is written in, by its
// "# language:" line; the default when it cannot be read (lint says why).
func fileLang(name string, b []byte) string {
	doc, errs := requirement.ParseDocument(name, b)
	if errs != nil || doc.Feature == nil {
		return requirement.DefaultLang
	}
	return doc.Feature.Language
}
