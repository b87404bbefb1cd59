package lint

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// ShardSpec is one part of a run split into shards: the Index-th of
// Count (1 ≤ Index ≤ Count), as --shard K/N says. The zero value is a
// run that is not split.
type ShardSpec struct {
	Index, Count int
}

// String writes the shard as --shard takes it, K/N.
func (s ShardSpec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ShardOf returns the shard (1 to count) that holds a report path: the
// first 8 bytes of the path's SHA-256, as a big-endian number, modulo
// count, plus 1. It depends on the path alone, never on the listing it
// came in, so shards agree without talking to each other, a re-run of a
// shard checks the same files, and every path is in exactly one shard
// (docs/commands.md, "Shards").
func ShardOf(path string, count int) int {
	sum := sha256.Sum256([]byte(path))
	return int(binary.BigEndian.Uint64(sum[:8])%uint64(count)) + 1
}

// Holds reports whether the shard holds a report path.
func (s ShardSpec) Holds(path string) bool {
	return s.Count <= 1 || ShardOf(path, s.Count) == s.Index
}

// MaxShards bounds N in --shard K/N.
const MaxShards = 1 << 20

// ParseShard reads --shard K/N.
func ParseShard(v string) (ShardSpec, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(v), "/")
	ki, kerr := strconv.Atoi(k)
	ni, nerr := strconv.Atoi(n)
	switch {
	case !ok || kerr != nil || nerr != nil:
		return ShardSpec{}, fmt.Errorf("expected K/N, such as 2/8 (the second of eight shards)")
	case ni < 1 || ni > MaxShards:
		return ShardSpec{}, fmt.Errorf("the number of shards must be from 1 to %d", MaxShards)
	case ki < 1 || ki > ni:
		return ShardSpec{}, fmt.Errorf("the shard must be from 1 to %d; shards count from 1", ni)
	}
	return ShardSpec{Index: ki, Count: ni}, nil
}

// Environment variables of a shard run by a Kubernetes Indexed Job:
// the job sets the index of each pod (from 0), the manifest the count.
const (
	EnvShardCount = "COPYDESK_SHARDS"
	EnvJobIndex   = "JOB_COMPLETION_INDEX"
)

// ShardFromEnv reads the shard of a run from the environment: with
// COPYDESK_SHARDS=N set, the shard is JOB_COMPLETION_INDEX+1 of N (a
// Kubernetes Indexed Job numbers its pods from 0). ok is false when
// COPYDESK_SHARDS is not set.
func ShardFromEnv(getenv func(string) string) (s ShardSpec, ok bool, err error) {
	count := getenv(EnvShardCount)
	if count == "" {
		return ShardSpec{}, false, nil
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > MaxShards {
		return ShardSpec{}, true, fmt.Errorf("%s=%s: expected the number of shards, from 1 to %d", EnvShardCount, count, MaxShards)
	}
	index := getenv(EnvJobIndex)
	i, err := strconv.Atoi(index)
	if index == "" || err != nil || i < 0 || i >= n {
		return ShardSpec{}, true, fmt.Errorf("%s=%d needs %s, the index of this shard from 0 to %d (got %q)", EnvShardCount, n, EnvJobIndex, n-1, index)
	}
	return ShardSpec{Index: i + 1, Count: n}, true, nil
}

// Shard keeps the part of a source that one shard checks: the inputs
// whose report paths ShardOf puts in it, and the listing errors of its
// paths. A web archive is one input: its records are checked by the
// shard that holds the archive. Listing.Total counts the inputs of the
// whole source, and a shard that gets none of them passes.
type Shard struct {
	Source Source
	Spec   ShardSpec
}

// List lists the source and keeps the shard's part.
func (s Shard) List(ctx context.Context, e *Env, cfg *rules.Config) (*Listing, error) {
	var ls *Listing
	var err error
	if fl, ok := s.Source.(FileList); ok {
		// A long listing: keep the shard's part while reading it.
		ls, err = fl.list(e, cfg, s.Spec.Holds)
	} else {
		ls, err = s.Source.List(ctx, e, cfg)
	}
	if err != nil {
		return nil, err
	}
	ins := ls.Inputs[:0]
	for _, in := range ls.Inputs {
		if s.Spec.Holds(in.Path) {
			ins = append(ins, in)
		}
	}
	var errs []report.InputError
	for _, x := range ls.Errors {
		if s.Spec.Holds(x.Path) {
			errs = append(errs, x)
		}
	}
	ls.Inputs, ls.Errors = ins, errs
	ls.MayBeEmpty = ls.MayBeEmpty || ls.Total > 0
	return ls, nil
}
