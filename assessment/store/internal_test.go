package store

import (
	"path/filepath"
	"testing"
	"time"
)

// Every answer must reach the disk before the interface says it is
// saved, so none of bbolt's sync shortcuts may ever be on.
func TestNeverNoSync(t *testing.T) {
	for _, ro := range []bool{false, true} {
		o := boltOptions(ro, time.Second)
		if o.NoSync || o.NoGrowSync || o.NoFreelistSync {
			t.Fatalf("bbolt options %+v", o)
		}
	}
	path := filepath.Join(t.TempDir(), "ggi.db")
	d, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.bolt.NoSync || d.bolt.NoGrowSync || d.bolt.NoFreelistSync {
		t.Fatal("the open database skips syncs")
	}
	if d.bolt.IsReadOnly() {
		t.Fatal("opened read-only")
	}
}

func TestMigrationsMatchSchema(t *testing.T) {
	if len(migrations()) != schemaVersion {
		t.Fatalf("%d migrations for schema %d", len(migrations()), schemaVersion)
	}
}
