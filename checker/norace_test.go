//go:build !race

package checker

// raceEnabled is set when the tests run with the race detector, which
// makes them several times slower: big inputs are scaled down then.
const raceEnabled = false
