// gnttab grants pages and ends the grants, in a table that must grow to
// hold them all; mapping a grant that does not exist fails cleanly.
// Mapping and revoking while mapped are tested with dom0 as the peer
// (tests/devices): a domain cannot map its own grants, since Xen then
// moves the page instead of sharing it.
package main

import (
	"fmt"
	"os"

	"xen/gnttab"
)

func main() {
	_, _, size := gnttab.Stats()
	fmt.Println("table entries at start:", size)

	page := gnttab.AllocPages(1)
	if _, err := gnttab.Grant(0, page[1:], false); err != gnttab.ErrBadPage {
		fail("granting a partial page: %v, want ErrBadPage", err)
	}
	ref, err := gnttab.Grant(0, page, false)
	if err != nil {
		fail("Grant: %v", err)
	}
	if err := gnttab.Revoke(ref); err != nil {
		fail("Revoke: %v", err)
	}
	if err := gnttab.Revoke(ref); err != gnttab.ErrNotGranted {
		fail("second Revoke: %v, want ErrNotGranted", err)
	}
	fmt.Println("grant and revoke: ok")

	if _, err := gnttab.Map(0, 4000, true); err == nil {
		fail("mapping a grant dom0 never made succeeded")
	} else {
		fmt.Println("map of a missing grant:", err)
	}

	const many = 3000
	pages := gnttab.AllocPages(many)
	refs := make([]gnttab.Ref, 0, many)
	for i := 0; i < many; i++ {
		r, err := gnttab.Grant(0, pages[i*gnttab.PageSize:(i+1)*gnttab.PageSize], i%2 == 0)
		if err != nil {
			fail("grant %d: %v", i, err)
		}
		refs = append(refs, r)
	}
	inUse, _, size := gnttab.Stats()
	fmt.Printf("granted %d pages to dom0: %d in use, table grew to %d entries\n", many, inUse, size)
	for _, r := range refs {
		if err := gnttab.Release(r); err != nil {
			fail("Release %d: %v", r, err)
		}
	}
	if inUse, pending, _ := gnttab.Stats(); inUse != 0 || pending != 0 {
		fail("%d grants left, %d pending", inUse, pending)
	}
	fmt.Println("gnttab ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
