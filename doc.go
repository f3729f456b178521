// Package hutong is an interoperability compliance test harness: Gherkin
// feature files state the interoperability requirements placed on Chinese
// internet and payment platforms, step definitions play every counterparty
// of the implementation under test with mock providers, and the harness
// judges the implementation from the outside. The command is cmd/hutong;
// this package holds no code, only the map of the tree.
//
// # Layout
//
// The tree is layered. The wire contract is at the bottom: it is what an
// implementer builds to, so it can depend on nothing the harness does. Above
// it sit the data model (requirements, results, evidence), then the three
// kinds of players a run needs (the mocks that play counterparties, the
// reference implementation, the steps that drive both), and the report
// writers, which see only results. The harness that assembles a run, and
// everything only the command line uses, is under internal/; the command
// line is on top.
//
//	contract/     the ITI: wire types, client, OpenAPI description; payment signatures
//	barcode/      EMV payment codes, amounts, QR pictures: codecs of public standards
//	untrusted/    text from outside the harness, bounded and made visible before it is shown
//	features/     the requirement text, embedded in the binary; its Chinese twin in zh-CN/
//	model/        requirements read from features, results and verdicts, evidence
//	mocks/        the counterparties the harness plays, each an http.Handler
//	observe/      a headless browser that measures the implementation's pages
//	reference/    a compliant implementation of every role, with violation switches
//	steps/        the Gherkin words of each family, bound to actions and checks
//	reports/      junit, cucumber JSON, HTML, certificate, terminal text
//	internal/     the harness: runner, target, shards, waivers, catalogue, lint
//	cmd/hutong/   the command line
//	docs/         the implementer's guide and the generator of its test vectors
//	examples/     implementations in other languages, certified by their tests
//
// # Import rules
//
// Every import points down. The rules below are the only statement of them:
// the test beside this file reads this block and fails the build on any
// import it does not allow, and on any package no rule covers. A package
// path matches the longest pattern that covers it ("x/..." covers x and
// everything below it); the list after the arrow is what it may import from
// this module. Nothing else of the module may be imported.
//
//	untrusted         ->
//	contract/...      -> contract/... untrusted
//	barcode/...       -> barcode/... untrusted
//	features          ->
//	model/...         -> model/... untrusted
//	mocks/...         -> contract/... barcode/... mocks/... untrusted
//	observe/...       ->
//	reference/...     -> contract/... barcode/... reference/...
//	steps/...         -> contract/... barcode/... model/... mocks/... observe/... steps/... untrusted
//	reports/...       -> model/... reports/... untrusted
//	internal/...      -> contract/... barcode/... features model/... mocks/... observe/... reference/... steps/... reports/... internal/... untrusted
//	cmd/...           -> contract/... barcode/... features model/... mocks/... observe/... reference/... steps/... reports/... internal/... untrusted
//	docs/...          -> contract/... barcode/...
//	examples/...      ->
//	.                 ->
//
// What the rules say in words: the contract and the codecs know nothing of
// the harness, so an implementer can take them alone; untrusted, beneath
// everything, is the one place that decides how outside text is shown. The reference knows
// only the contract, as an outside implementation would: it never sees the
// mocks, the steps or the model that judge it. Mocks never judge, so they
// see no requirement or result. Steps never format reports, and reports
// never call the implementation or a mock: they see results only. The
// implementer's guide's vector generator (docs/vectors) sees only the
// contract and the codecs, as an implementer would; the examples are other
// languages' implementations, and only their tests reach into the module.
package hutong
