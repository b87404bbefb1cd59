//go:build race

package ledger

// raceEnabled is set when the tests run with the race detector, which
// makes the corpus pass about twelve times slower: see corpus_test.go.
const raceEnabled = true
