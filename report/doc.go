// Package report writes the results of a copydesk run in its output
// formats: text for terminals, JSON for programs, and the formats of
// review tools. Each format lives in its own file with its own wire
// structs; the package also prints unified diffs of fixes.
//
// report presents what the checker found, and gives the verdict of
// --fail-on on it (Result.Pass, File.Fails): the one that JSON's
// summary.pass, the text summary and the exit code all show. It does not
// check, read files, or turn the verdict into an exit code, which package
// lint does.
package report
