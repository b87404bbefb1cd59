// Package report writes the results of a copydesk run in its output
// formats: text for terminals, JSON for programs, and the formats of
// review tools. Each format lives in its own file with its own wire
// structs; the package also prints unified diffs of fixes.
//
// report presents what the checker found; it does not check, read
// files, or decide the exit code.
package report
