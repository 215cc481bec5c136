// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The internal tests run on linux: on xen, os imports this package (for
// xen/mount), and testing imports os.
//go:build !xen

package hypercall

// This test compiles a C program against Xen's public headers
// (/usr/include/xen from libxen-dev), runs it, and checks every struct and
// constant of this package against its output: struct sizes, alignment,
// field offsets, field sizes and integer signedness, and constant values.
// Go sizes and offsets come from reflect, which reports what
// unsafe.Sizeof/Offsetof do; constant values come from type-checking the
// package source, so each constant is found by name.
//
// The tables below (cStructs, cScalars, cExtras, cConsts) are the one
// place that maps Go names to C names. The test fails if the package
// declares an exported struct or constant the tables miss.
//
// Without gcc, the headers or an amd64 host the test skips;
// XEN_LAYOUT_TEST_REQUIRED=1 (set it in CI) turns the skip into a failure.

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// cPrologue selects the interface version (the headers default to the
// legacy 0x00000000 ABI, which renames and hides things) and includes
// every header the table refers to.
const cPrologue = `
#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/elfnote.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/io/ring.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>
#include <xen/io/xenbus.h>
#include <xen/io/netif.h>
#include <xen/io/blkif.h>
/* Xen's public headers have no E820 entry type; Linux's boot protocol
   header has the same packed BIOS format. */
#include <asm/bootparam.h>

#define SIGNED(x) ((__typeof__(x))-1 < 0)
#define P(id, x) do { \
	if (SIGNED(x)) printf("%d %lld\n", id, (long long)(x)); \
	else printf("%d %llu\n", id, (unsigned long long)(x)); \
} while (0)
`

// A cStruct ties a Go struct to a C type. fields lists "GoField=c_field"
// pairs; every named Go field must appear. size, if set, is the C
// expression for the size to compare instead of sizeof(c).
type cStruct struct {
	goType reflect.Type
	c      string
	fields string
	size   string
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

var cStructs = []cStruct{
	// xen.h, arch-x86/xen.h, arch-x86/xen-x86_64.h
	{typeOf[VCPUTimeInfo](), "struct vcpu_time_info", "Version=version Pad0=pad0 TSCTimestamp=tsc_timestamp SystemTime=system_time TSCToSystemMul=tsc_to_system_mul TSCShift=tsc_shift Flags=flags Pad1=pad1", ""},
	{typeOf[ArchVCPUInfo](), "struct arch_vcpu_info", "CR2=cr2 Pad=pad", ""},
	{typeOf[VCPUInfo](), "struct vcpu_info", "EvtchnUpcallPending=evtchn_upcall_pending EvtchnUpcallMask=evtchn_upcall_mask EvtchnPendingSel=evtchn_pending_sel Arch=arch Time=time", ""},
	{typeOf[ArchSharedInfo](), "struct arch_shared_info", "MaxPFN=max_pfn PFNToMFNFrameListList=pfn_to_mfn_frame_list_list NMIReason=nmi_reason P2MCR3=p2m_cr3 P2MVaddr=p2m_vaddr P2MGeneration=p2m_generation", ""},
	{typeOf[SharedInfo](), "struct shared_info", "VCPUInfo=vcpu_info EvtchnPending=evtchn_pending EvtchnMask=evtchn_mask WcVersion=wc_version WcSec=wc_sec WcNsec=wc_nsec WcSecHi=wc_sec_hi Arch=arch", ""},

	// arch-x86/hvm/start_info.h
	{typeOf[HVMStartInfo](), "struct hvm_start_info", "Magic=magic Version=version Flags=flags NrModules=nr_modules ModlistPaddr=modlist_paddr CmdlinePaddr=cmdline_paddr RSDPPaddr=rsdp_paddr MemmapPaddr=memmap_paddr MemmapEntries=memmap_entries Reserved=reserved", ""},
	{typeOf[HVMModlistEntry](), "struct hvm_modlist_entry", "Paddr=paddr Size=size CmdlinePaddr=cmdline_paddr Reserved=reserved", ""},
	{typeOf[HVMMemmapTableEntry](), "struct hvm_memmap_table_entry", "Addr=addr Size=size Type=type Reserved=reserved", ""},

	// sched.h
	{typeOf[SchedShutdown](), "struct sched_shutdown", "Reason=reason", ""},
	{typeOf[SchedPoll](), "struct sched_poll", "Ports=ports NrPorts=nr_ports Timeout=timeout", ""},
	{typeOf[SchedRemoteShutdown](), "struct sched_remote_shutdown", "DomainID=domain_id Reason=reason", ""},

	// event_channel.h
	{typeOf[EvtchnAllocUnbound](), "struct evtchn_alloc_unbound", "Dom=dom RemoteDom=remote_dom Port=port", ""},
	{typeOf[EvtchnBindInterdomain](), "struct evtchn_bind_interdomain", "RemoteDom=remote_dom RemotePort=remote_port LocalPort=local_port", ""},
	{typeOf[EvtchnBindVirq](), "struct evtchn_bind_virq", "Virq=virq VCPU=vcpu Port=port", ""},
	{typeOf[EvtchnBindIPI](), "struct evtchn_bind_ipi", "VCPU=vcpu Port=port", ""},
	{typeOf[EvtchnBindVCPU](), "struct evtchn_bind_vcpu", "Port=port VCPU=vcpu", ""},
	{typeOf[EvtchnClose](), "struct evtchn_close", "Port=port", ""},
	{typeOf[EvtchnSend](), "struct evtchn_send", "Port=port", ""},
	{typeOf[EvtchnUnmask](), "struct evtchn_unmask", "Port=port", ""},
	{typeOf[EvtchnStatus](), "struct evtchn_status", "Dom=dom Port=port Status=status VCPU=vcpu U=u", ""},

	// grant_table.h
	{typeOf[GrantEntryV1](), "struct grant_entry_v1", "Flags=flags Domid=domid Frame=frame", ""},
	{typeOf[GnttabSetupTable](), "struct gnttab_setup_table", "Dom=dom NrFrames=nr_frames Status=status FrameList=frame_list", ""},
	{typeOf[GnttabQuerySize](), "struct gnttab_query_size", "Dom=dom NrFrames=nr_frames MaxNrFrames=max_nr_frames Status=status", ""},
	{typeOf[GnttabMapGrantRef](), "struct gnttab_map_grant_ref", "HostAddr=host_addr Flags=flags Ref=ref Dom=dom Status=status Handle=handle DevBusAddr=dev_bus_addr", ""},
	{typeOf[GnttabUnmapGrantRef](), "struct gnttab_unmap_grant_ref", "HostAddr=host_addr DevBusAddr=dev_bus_addr Handle=handle Status=status", ""},

	// memory.h
	{typeOf[XenMemoryReservation](), "struct xen_memory_reservation", "ExtentStart=extent_start NrExtents=nr_extents ExtentOrder=extent_order MemFlags=mem_flags Domid=domid", ""},
	{typeOf[XenAddToPhysmap](), "struct xen_add_to_physmap", "Domid=domid Size=size Space=space Idx=idx GPFN=gpfn", ""},
	{typeOf[XenRemoveFromPhysmap](), "struct xen_remove_from_physmap", "Domid=domid GPFN=gpfn", ""},
	{typeOf[XenMemoryMap](), "struct xen_memory_map", "NrEntries=nr_entries Buffer=buffer", ""},
	{typeOf[E820Entry](), "struct boot_e820_entry", "Addr=addr Size=size Type=type", ""},

	// vcpu.h
	{typeOf[VCPURunstateInfo](), "struct vcpu_runstate_info", "State=state StateEntryTime=state_entry_time Time=time", ""},
	{typeOf[VCPUSetPeriodicTimer](), "struct vcpu_set_periodic_timer", "PeriodNs=period_ns", ""},
	{typeOf[VCPUSetSingleshotTimer](), "struct vcpu_set_singleshot_timer", "TimeoutAbsNs=timeout_abs_ns Flags=flags", ""},
	{typeOf[VCPURegisterVCPUInfo](), "struct vcpu_register_vcpu_info", "MFN=mfn Offset=offset Rsvd=rsvd", ""},

	// hvm/hvm_op.h
	{typeOf[XenHVMParam](), "struct xen_hvm_param", "Domid=domid Pad=pad Index=index Value=value", ""},
	{typeOf[XenHVMEvtchnUpcallVector](), "struct xen_hvm_evtchn_upcall_vector", "VCPU=vcpu Vector=vector", ""},

	// version.h
	{typeOf[XenFeatureInfo](), "struct xen_feature_info", "SubmapIdx=submap_idx Submap=submap", ""},

	// io/console.h, io/xs_wire.h
	{typeOf[XenconsInterface](), "struct xencons_interface", "In=in Out=out InCons=in_cons InProd=in_prod OutCons=out_cons OutProd=out_prod", ""},
	{typeOf[XsdSockmsg](), "struct xsd_sockmsg", "Type=type ReqID=req_id TxID=tx_id Len=len", ""},
	{typeOf[XenstoreDomainInterface](), "struct xenstore_domain_interface", "Req=req Rsp=rsp ReqCons=req_cons ReqProd=req_prod RspCons=rsp_cons RspProd=rsp_prod ServerFeatures=server_features Connection=connection Error=error", ""},

	// io/ring.h: the header of every ring type, whatever its entries.
	{typeOf[SringHeader](), "struct netif_tx_sring", "ReqProd=req_prod ReqEvent=req_event RspProd=rsp_prod RspEvent=rsp_event Pvt=pvt Pad=__pad", "offsetof(struct netif_tx_sring, ring)"},
	{typeOf[SringHeader](), "struct netif_rx_sring", "ReqProd=req_prod ReqEvent=req_event RspProd=rsp_prod RspEvent=rsp_event Pvt=pvt Pad=__pad", "offsetof(struct netif_rx_sring, ring)"},
	{typeOf[SringHeader](), "struct blkif_sring", "ReqProd=req_prod ReqEvent=req_event RspProd=rsp_prod RspEvent=rsp_event Pvt=pvt Pad=__pad", "offsetof(struct blkif_sring, ring)"},

	// io/netif.h
	{typeOf[NetifTxRequest](), "struct netif_tx_request", "Gref=gref Offset=offset Flags=flags ID=id Size=size", ""},
	{typeOf[NetifTxResponse](), "struct netif_tx_response", "ID=id Status=status", ""},
	{typeOf[NetifExtraInfo](), "struct netif_extra_info", "Type=type Flags=flags U=u", ""},
	{typeOf[NetifRxRequest](), "struct netif_rx_request", "ID=id Pad=pad Gref=gref", ""},
	{typeOf[NetifRxResponse](), "struct netif_rx_response", "ID=id Offset=offset Flags=flags Status=status", ""},

	// io/blkif.h
	{typeOf[BlkifRequestSegment](), "struct blkif_request_segment", "Gref=gref FirstSect=first_sect LastSect=last_sect", ""},
	{typeOf[BlkifRequest](), "struct blkif_request", "Operation=operation NrSegments=nr_segments Handle=handle ID=id SectorNumber=sector_number Seg=seg", ""},
	{typeOf[BlkifRequestDiscard](), "struct blkif_request_discard", "Operation=operation Flag=flag Handle=handle ID=id SectorNumber=sector_number NrSectors=nr_sectors", ""},
	{typeOf[BlkifRequestIndirect](), "struct blkif_request_indirect", "Operation=operation IndirectOp=indirect_op NrSegments=nr_segments ID=id SectorNumber=sector_number Handle=handle IndirectGrefs=indirect_grefs", ""},
	{typeOf[BlkifResponse](), "struct blkif_response", "ID=id Operation=operation Status=status", ""},
}

// cScalars ties named Go scalar types to C typedefs and enums: their
// size and signedness must match.
var cScalars = []struct {
	goType reflect.Type
	c      string
}{
	{typeOf[DomID](), "domid_t"},
	{typeOf[EvtchnPort](), "evtchn_port_t"},
	{typeOf[GrantRef](), "grant_ref_t"},
	{typeOf[GrantHandle](), "grant_handle_t"},
	{typeOf[RingIdx](), "RING_IDX"},
	{typeOf[XenconsRingIdx](), "XENCONS_RING_IDX"},
	{typeOf[XenstoreRingIdx](), "XENSTORE_RING_IDX"},
	{typeOf[XenbusState](), "enum xenbus_state"},
	{typeOf[Errno](), "long"}, // hypercalls return a long
}

// cExtras are further C expressions with the Go value they must equal:
// ring entry unions, union members the Go accessors rely on, and the
// RingSize helper against __CONST_RING_SIZE.
var cExtras = []struct {
	c   string
	val uint64
}{
	{"sizeof(union netif_tx_sring_entry)", uint64(max(unsafe.Sizeof(NetifTxRequest{}), unsafe.Sizeof(NetifTxResponse{})))},
	{"sizeof(union netif_rx_sring_entry)", uint64(max(unsafe.Sizeof(NetifRxRequest{}), unsafe.Sizeof(NetifRxResponse{})))},
	{"sizeof(union blkif_sring_entry)", uint64(max(unsafe.Sizeof(BlkifRequest{}), unsafe.Sizeof(BlkifResponse{})))},
	{"__CONST_RING_SIZE(netif_tx, 4096)", uint64(RingSize(XenPageSize, max(unsafe.Sizeof(NetifTxRequest{}), unsafe.Sizeof(NetifTxResponse{}))))},
	{"__CONST_RING_SIZE(netif_rx, 4096)", uint64(RingSize(XenPageSize, max(unsafe.Sizeof(NetifRxRequest{}), unsafe.Sizeof(NetifRxResponse{}))))},
	{"__CONST_RING_SIZE(blkif, 4096)", uint64(RingSize(XenPageSize, unsafe.Sizeof(BlkifRequest{})))},
	{"__CONST_RING_SIZE(blkif, 65536)", uint64(RingSize(65536, unsafe.Sizeof(BlkifRequest{})))},
	{"__CONST_RING_SIZE(netif_tx, 1000)", uint64(RingSize(1000, unsafe.Sizeof(NetifTxRequest{})))},
	{"__CONST_RING_SIZE(netif_tx, 80)", uint64(RingSize(80, unsafe.Sizeof(NetifTxRequest{})))},
	{"offsetof(struct evtchn_status, u.unbound.dom)", uint64(unsafe.Offsetof(EvtchnStatus{}.U))},
	{"offsetof(struct evtchn_status, u.interdomain.port)", uint64(unsafe.Offsetof(EvtchnStatus{}.U) + 4)},
	{"offsetof(struct evtchn_status, u.virq)", uint64(unsafe.Offsetof(EvtchnStatus{}.U))},
	{"offsetof(struct netif_extra_info, u.gso.size)", uint64(unsafe.Offsetof(NetifExtraInfo{}.U))},
	{"offsetof(struct netif_extra_info, u.gso.type)", uint64(unsafe.Offsetof(NetifExtraInfo{}.U) + 2)},
	{"offsetof(struct netif_extra_info, u.gso.features)", uint64(unsafe.Offsetof(NetifExtraInfo{}.U) + 4)},
	{"offsetof(struct netif_extra_info, u.mcast.addr)", uint64(unsafe.Offsetof(NetifExtraInfo{}.U))},
	{"sizeof(((struct shared_info *)0)->evtchn_pending[0]) * 8", 64}, // bits per pending word
}

// cConsts maps every exported constant to the C expression for it:
// "GoName  C expression", one per line.
const cConsts = `
BlkifOpRead                        BLKIF_OP_READ
BlkifOpWrite                       BLKIF_OP_WRITE
BlkifOpWriteBarrier                BLKIF_OP_WRITE_BARRIER
BlkifOpFlushDiskcache              BLKIF_OP_FLUSH_DISKCACHE
BlkifOpReserved1                   BLKIF_OP_RESERVED_1
BlkifOpDiscard                     BLKIF_OP_DISCARD
BlkifOpIndirect                    BLKIF_OP_INDIRECT
BlkifMaxSegmentsPerRequest         BLKIF_MAX_SEGMENTS_PER_REQUEST
BlkifMaxIndirectPagesPerRequest    BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST
BlkifRspEOPNOTSUPP                 BLKIF_RSP_EOPNOTSUPP
BlkifRspError                      BLKIF_RSP_ERROR
BlkifRspOkay                       BLKIF_RSP_OKAY
VdiskCDROM                         VDISK_CDROM
VdiskRemovable                     VDISK_REMOVABLE
VdiskReadonly                      VDISK_READONLY
BlkifRingSize                      __CONST_RING_SIZE(blkif, 4096)
BlkifDiscardSecure                 BLKIF_DISCARD_SECURE
ConsoleIOWrite                     CONSOLEIO_write
ConsoleIORead                      CONSOLEIO_read
ElfNoteInfo                        XEN_ELFNOTE_INFO
ElfNoteEntry                       XEN_ELFNOTE_ENTRY
ElfNoteHypercallPage               XEN_ELFNOTE_HYPERCALL_PAGE
ElfNoteVirtBase                    XEN_ELFNOTE_VIRT_BASE
ElfNotePaddrOffset                 XEN_ELFNOTE_PADDR_OFFSET
ElfNoteXenVersion                  XEN_ELFNOTE_XEN_VERSION
ElfNoteGuestOS                     XEN_ELFNOTE_GUEST_OS
ElfNoteGuestVersion                XEN_ELFNOTE_GUEST_VERSION
ElfNoteLoader                      XEN_ELFNOTE_LOADER
ElfNotePAEMode                     XEN_ELFNOTE_PAE_MODE
ElfNoteFeatures                    XEN_ELFNOTE_FEATURES
ElfNoteBSDSymtab                   XEN_ELFNOTE_BSD_SYMTAB
ElfNoteHVStartLow                  XEN_ELFNOTE_HV_START_LOW
ElfNoteL1MFNValid                  XEN_ELFNOTE_L1_MFN_VALID
ElfNoteSuspendCancel               XEN_ELFNOTE_SUSPEND_CANCEL
ElfNoteInitP2M                     XEN_ELFNOTE_INIT_P2M
ElfNoteModStartPFN                 XEN_ELFNOTE_MOD_START_PFN
ElfNoteSupportedFeatures           XEN_ELFNOTE_SUPPORTED_FEATURES
ElfNotePhys32Entry                 XEN_ELFNOTE_PHYS32_ENTRY
ElfNoteMax                         XEN_ELFNOTE_MAX
ElfNoteCrashInfo                   XEN_ELFNOTE_CRASH_INFO
ElfNoteCrashRegs                   XEN_ELFNOTE_CRASH_REGS
ElfNoteDumpcoreNone                XEN_ELFNOTE_DUMPCORE_NONE
ElfNoteDumpcoreHeader              XEN_ELFNOTE_DUMPCORE_HEADER
ElfNoteDumpcoreXenVersion          XEN_ELFNOTE_DUMPCORE_XEN_VERSION
ElfNoteDumpcoreFormatVersion       XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION
EPERM                              XEN_EPERM
ENOENT                             XEN_ENOENT
ESRCH                              XEN_ESRCH
EIO                                XEN_EIO
ENXIO                              XEN_ENXIO
E2BIG                              XEN_E2BIG
ENOEXEC                            XEN_ENOEXEC
EBADF                              XEN_EBADF
ECHILD                             XEN_ECHILD
EAGAIN                             XEN_EAGAIN
EWOULDBLOCK                        XEN_EWOULDBLOCK
ENOMEM                             XEN_ENOMEM
EACCES                             XEN_EACCES
EFAULT                             XEN_EFAULT
EBUSY                              XEN_EBUSY
EEXIST                             XEN_EEXIST
EXDEV                              XEN_EXDEV
ENODEV                             XEN_ENODEV
ENOTDIR                            XEN_ENOTDIR
EISDIR                             XEN_EISDIR
EINVAL                             XEN_EINVAL
ENFILE                             XEN_ENFILE
EMFILE                             XEN_EMFILE
ENOSPC                             XEN_ENOSPC
EROFS                              XEN_EROFS
EMLINK                             XEN_EMLINK
EDOM                               XEN_EDOM
ERANGE                             XEN_ERANGE
EDEADLK                            XEN_EDEADLK
EDEADLOCK                          XEN_EDEADLOCK
ENAMETOOLONG                       XEN_ENAMETOOLONG
ENOLCK                             XEN_ENOLCK
ENOSYS                             XEN_ENOSYS
ENOTEMPTY                          XEN_ENOTEMPTY
ENODATA                            XEN_ENODATA
ETIME                              XEN_ETIME
EBADMSG                            XEN_EBADMSG
EOVERFLOW                          XEN_EOVERFLOW
EILSEQ                             XEN_EILSEQ
ENOTSOCK                           XEN_ENOTSOCK
EMSGSIZE                           XEN_EMSGSIZE
EOPNOTSUPP                         XEN_EOPNOTSUPP
EADDRINUSE                         XEN_EADDRINUSE
EADDRNOTAVAIL                      XEN_EADDRNOTAVAIL
ENOBUFS                            XEN_ENOBUFS
EISCONN                            XEN_EISCONN
ENOTCONN                           XEN_ENOTCONN
ETIMEDOUT                          XEN_ETIMEDOUT
ECONNREFUSED                       XEN_ECONNREFUSED
EvtchnOpBindInterdomain            EVTCHNOP_bind_interdomain
EvtchnOpBindVirq                   EVTCHNOP_bind_virq
EvtchnOpBindPirq                   EVTCHNOP_bind_pirq
EvtchnOpClose                      EVTCHNOP_close
EvtchnOpSend                       EVTCHNOP_send
EvtchnOpStatus                     EVTCHNOP_status
EvtchnOpAllocUnbound               EVTCHNOP_alloc_unbound
EvtchnOpBindIPI                    EVTCHNOP_bind_ipi
EvtchnOpBindVCPU                   EVTCHNOP_bind_vcpu
EvtchnOpUnmask                     EVTCHNOP_unmask
EvtchnOpReset                      EVTCHNOP_reset
EvtchnOpInitControl                EVTCHNOP_init_control
EvtchnOpExpandArray                EVTCHNOP_expand_array
EvtchnOpSetPriority                EVTCHNOP_set_priority
EvtchnStatClosed                   EVTCHNSTAT_closed
EvtchnStatUnbound                  EVTCHNSTAT_unbound
EvtchnStatInterdomain              EVTCHNSTAT_interdomain
EvtchnStatPirq                     EVTCHNSTAT_pirq
EvtchnStatVirq                     EVTCHNSTAT_virq
EvtchnStatIPI                      EVTCHNSTAT_ipi
GnttabOpMapGrantRef                GNTTABOP_map_grant_ref
GnttabOpUnmapGrantRef              GNTTABOP_unmap_grant_ref
GnttabOpSetupTable                 GNTTABOP_setup_table
GnttabOpDumpTable                  GNTTABOP_dump_table
GnttabOpTransfer                   GNTTABOP_transfer
GnttabOpCopy                       GNTTABOP_copy
GnttabOpQuerySize                  GNTTABOP_query_size
GnttabOpUnmapAndReplace            GNTTABOP_unmap_and_replace
GnttabOpSetVersion                 GNTTABOP_set_version
GnttabOpGetStatusFrames            GNTTABOP_get_status_frames
GnttabOpGetVersion                 GNTTABOP_get_version
GnttabOpSwapGrantRef               GNTTABOP_swap_grant_ref
GnttabOpCacheFlush                 GNTTABOP_cache_flush
GTFInvalid                         GTF_invalid
GTFPermitAccess                    GTF_permit_access
GTFAcceptTransfer                  GTF_accept_transfer
GTFTransitive                      GTF_transitive
GTFTypeMask                        GTF_type_mask
GTFReadonly                        GTF_readonly
GTFReading                         GTF_reading
GTFWriting                         GTF_writing
GTFPWT                             GTF_PWT
GTFPCD                             GTF_PCD
GTFPAT                             GTF_PAT
GTFSubPage                         GTF_sub_page
GTFTransferCommitted               GTF_transfer_committed
GTFTransferCompleted               GTF_transfer_completed
GnttabNrReservedEntries            GNTTAB_NR_RESERVED_ENTRIES
GnttabReservedConsole              GNTTAB_RESERVED_CONSOLE
GnttabReservedXenstore             GNTTAB_RESERVED_XENSTORE
GntmapDeviceMap                    GNTMAP_device_map
GntmapHostMap                      GNTMAP_host_map
GntmapReadonly                     GNTMAP_readonly
GntmapApplicationMap               GNTMAP_application_map
GntmapContainsPTE                  GNTMAP_contains_pte
GrantStatusOkay                    GNTST_okay
GrantStatusGeneralError            GNTST_general_error
GrantStatusBadDomain               GNTST_bad_domain
GrantStatusBadGntref               GNTST_bad_gntref
GrantStatusBadHandle               GNTST_bad_handle
GrantStatusBadVirtAddr             GNTST_bad_virt_addr
GrantStatusBadDevAddr              GNTST_bad_dev_addr
GrantStatusNoDeviceSpace           GNTST_no_device_space
GrantStatusPermissionDenied        GNTST_permission_denied
GrantStatusBadPage                 GNTST_bad_page
GrantStatusBadCopyArg              GNTST_bad_copy_arg
GrantStatusAddressTooBig           GNTST_address_too_big
GrantStatusEagain                  GNTST_eagain
GrantStatusNoSpace                 GNTST_no_space
HVMOpSetParam                      HVMOP_set_param
HVMOpGetParam                      HVMOP_get_param
HVMOpFlushTLBs                     HVMOP_flush_tlbs
HVMOpPagetableDying                HVMOP_pagetable_dying
HVMOpGetTime                       HVMOP_get_time
HVMOpXentrace                      HVMOP_xentrace
HVMOpGetMemType                    HVMOP_get_mem_type
HVMOpSetEvtchnUpcallVector         HVMOP_set_evtchn_upcall_vector
HVMOpGuestRequestVMEvent           HVMOP_guest_request_vm_event
HVMOpAltp2m                        HVMOP_altp2m
HVMParamCallbackIRQ                HVM_PARAM_CALLBACK_IRQ
HVMParamStorePFN                   HVM_PARAM_STORE_PFN
HVMParamStoreEvtchn                HVM_PARAM_STORE_EVTCHN
HVMParamIoreqPFN                   HVM_PARAM_IOREQ_PFN
HVMParamBufioreqPFN                HVM_PARAM_BUFIOREQ_PFN
HVMParamViridian                   HVM_PARAM_VIRIDIAN
HVMParamTimerMode                  HVM_PARAM_TIMER_MODE
HVMParamHPETEnabled                HVM_PARAM_HPET_ENABLED
HVMParamIdentPT                    HVM_PARAM_IDENT_PT
HVMParamACPISState                 HVM_PARAM_ACPI_S_STATE
HVMParamVM86TSS                    HVM_PARAM_VM86_TSS
HVMParamVPTAlign                   HVM_PARAM_VPT_ALIGN
HVMParamConsolePFN                 HVM_PARAM_CONSOLE_PFN
HVMParamConsoleEvtchn              HVM_PARAM_CONSOLE_EVTCHN
HVMParamACPIIoportsLocation        HVM_PARAM_ACPI_IOPORTS_LOCATION
HVMParamPagingRingPFN              HVM_PARAM_PAGING_RING_PFN
HVMParamMonitorRingPFN             HVM_PARAM_MONITOR_RING_PFN
HVMParamSharingRingPFN             HVM_PARAM_SHARING_RING_PFN
HVMParamTripleFaultReason          HVM_PARAM_TRIPLE_FAULT_REASON
HVMParamIoreqServerPFN             HVM_PARAM_IOREQ_SERVER_PFN
HVMParamNrIoreqServerPages         HVM_PARAM_NR_IOREQ_SERVER_PAGES
HVMParamVMGenerationIDAddr         HVM_PARAM_VM_GENERATION_ID_ADDR
HVMParamAltp2m                     HVM_PARAM_ALTP2M
HVMParamX87FIPWidth                HVM_PARAM_X87_FIP_WIDTH
HVMParamVM86TSSSized               HVM_PARAM_VM86_TSS_SIZED
HVMParamMCACap                     HVM_PARAM_MCA_CAP
HVMParamCallbackIRQTypeMask        HVM_PARAM_CALLBACK_IRQ_TYPE_MASK
HVMParamCallbackTypeGSI            HVM_PARAM_CALLBACK_TYPE_GSI
HVMParamCallbackTypePCIIntx        HVM_PARAM_CALLBACK_TYPE_PCI_INTX
HVMParamCallbackTypeVector         HVM_PARAM_CALLBACK_TYPE_VECTOR
HVMNrParams                        HVM_NR_PARAMS
MemOpIncreaseReservation           XENMEM_increase_reservation
MemOpDecreaseReservation           XENMEM_decrease_reservation
MemOpMaximumRAMPage                XENMEM_maximum_ram_page
MemOpCurrentReservation            XENMEM_current_reservation
MemOpMaximumReservation            XENMEM_maximum_reservation
MemOpMachphysMFNList               XENMEM_machphys_mfn_list
MemOpPopulatePhysmap               XENMEM_populate_physmap
MemOpAddToPhysmap                  XENMEM_add_to_physmap
MemOpMemoryMap                     XENMEM_memory_map
MemOpMachineMemoryMap              XENMEM_machine_memory_map
MemOpExchange                      XENMEM_exchange
MemOpMachphysMapping               XENMEM_machphys_mapping
MemOpSetMemoryMap                  XENMEM_set_memory_map
MemOpMaximumGPFN                   XENMEM_maximum_gpfn
MemOpRemoveFromPhysmap             XENMEM_remove_from_physmap
MemOpSetPodTarget                  XENMEM_set_pod_target
MemOpGetPodTarget                  XENMEM_get_pod_target
MemOpAddToPhysmapBatch             XENMEM_add_to_physmap_batch
MemOpMachphysCompatMFNList         XENMEM_machphys_compat_mfn_list
MemOpGetVnumainfo                  XENMEM_get_vnumainfo
MemOpAcquireResource               XENMEM_acquire_resource
MapSpaceSharedInfo                 XENMAPSPACE_shared_info
MapSpaceGrantTable                 XENMAPSPACE_grant_table
MapSpaceGMFN                       XENMAPSPACE_gmfn
MapSpaceGMFNRange                  XENMAPSPACE_gmfn_range
MapSpaceGMFNForeign                XENMAPSPACE_gmfn_foreign
MapSpaceDevMMIO                    XENMAPSPACE_dev_mmio
XenMapIdxGrantTableStatus          XENMAPIDX_grant_table_status
NetifTxRingSize                    __CONST_RING_SIZE(netif_tx, 4096)
NetifRxRingSize                    __CONST_RING_SIZE(netif_rx, 4096)
XenNetifNrSlotsMin                 XEN_NETIF_NR_SLOTS_MIN
XenNetifMaxTxSize                  XEN_NETIF_MAX_TX_SIZE
NetTxfCsumBlank                    NETTXF_csum_blank
NetTxfDataValidated                NETTXF_data_validated
NetTxfMoreData                     NETTXF_more_data
NetTxfExtraInfo                    NETTXF_extra_info
XenNetifExtraTypeNone              XEN_NETIF_EXTRA_TYPE_NONE
XenNetifExtraTypeGSO               XEN_NETIF_EXTRA_TYPE_GSO
XenNetifExtraTypeMcastAdd          XEN_NETIF_EXTRA_TYPE_MCAST_ADD
XenNetifExtraTypeMcastDel          XEN_NETIF_EXTRA_TYPE_MCAST_DEL
XenNetifExtraTypeHash              XEN_NETIF_EXTRA_TYPE_HASH
XenNetifExtraTypeMax               XEN_NETIF_EXTRA_TYPE_MAX
XenNetifExtraFlagMore              XEN_NETIF_EXTRA_FLAG_MORE
XenNetifGSOTypeNone                XEN_NETIF_GSO_TYPE_NONE
XenNetifGSOTypeTCPv4               XEN_NETIF_GSO_TYPE_TCPV4
XenNetifGSOTypeTCPv6               XEN_NETIF_GSO_TYPE_TCPV6
NetRxfDataValidated                NETRXF_data_validated
NetRxfCsumBlank                    NETRXF_csum_blank
NetRxfMoreData                     NETRXF_more_data
NetRxfExtraInfo                    NETRXF_extra_info
NetRxfGSOPrefix                    NETRXF_gso_prefix
NetifRspDropped                    NETIF_RSP_DROPPED
NetifRspError                      NETIF_RSP_ERROR
NetifRspOkay                       NETIF_RSP_OKAY
NetifRspNull                       NETIF_RSP_NULL
OpSetTrapTable                     __HYPERVISOR_set_trap_table
OpMMUUpdate                        __HYPERVISOR_mmu_update
OpSetGDT                           __HYPERVISOR_set_gdt
OpStackSwitch                      __HYPERVISOR_stack_switch
OpSetCallbacks                     __HYPERVISOR_set_callbacks
OpFPUTaskswitch                    __HYPERVISOR_fpu_taskswitch
OpSchedOpCompat                    __HYPERVISOR_sched_op_compat
OpPlatformOp                       __HYPERVISOR_platform_op
OpSetDebugreg                      __HYPERVISOR_set_debugreg
OpGetDebugreg                      __HYPERVISOR_get_debugreg
OpUpdateDescriptor                 __HYPERVISOR_update_descriptor
OpMemoryOp                         __HYPERVISOR_memory_op
OpMulticall                        __HYPERVISOR_multicall
OpUpdateVAMapping                  __HYPERVISOR_update_va_mapping
OpSetTimerOp                       __HYPERVISOR_set_timer_op
OpEventChannelOpCompat             __HYPERVISOR_event_channel_op_compat
OpXenVersion                       __HYPERVISOR_xen_version
OpConsoleIO                        __HYPERVISOR_console_io
OpPhysdevOpCompat                  __HYPERVISOR_physdev_op_compat
OpGrantTableOp                     __HYPERVISOR_grant_table_op
OpVMAssist                         __HYPERVISOR_vm_assist
OpUpdateVAMappingOtherdomain       __HYPERVISOR_update_va_mapping_otherdomain
OpIret                             __HYPERVISOR_iret
OpVCPUOp                           __HYPERVISOR_vcpu_op
OpSetSegmentBase                   __HYPERVISOR_set_segment_base
OpMMUExtOp                         __HYPERVISOR_mmuext_op
OpXSMOp                            __HYPERVISOR_xsm_op
OpNMIOp                            __HYPERVISOR_nmi_op
OpSchedOp                          __HYPERVISOR_sched_op
OpCallbackOp                       __HYPERVISOR_callback_op
OpXenoprofOp                       __HYPERVISOR_xenoprof_op
OpEventChannelOp                   __HYPERVISOR_event_channel_op
OpPhysdevOp                        __HYPERVISOR_physdev_op
OpHVMOp                            __HYPERVISOR_hvm_op
OpSysctl                           __HYPERVISOR_sysctl
OpDomctl                           __HYPERVISOR_domctl
OpKexecOp                          __HYPERVISOR_kexec_op
OpTmemOp                           __HYPERVISOR_tmem_op
OpArgoOp                           __HYPERVISOR_argo_op
OpXenpmuOp                         __HYPERVISOR_xenpmu_op
OpDMOp                             __HYPERVISOR_dm_op
OpHypfsOp                          __HYPERVISOR_hypfs_op
OpArch0                            __HYPERVISOR_arch_0
OpArch1                            __HYPERVISOR_arch_1
OpArch2                            __HYPERVISOR_arch_2
OpArch3                            __HYPERVISOR_arch_3
OpArch4                            __HYPERVISOR_arch_4
OpArch5                            __HYPERVISOR_arch_5
OpArch6                            __HYPERVISOR_arch_6
OpArch7                            __HYPERVISOR_arch_7
XenPageShift                       XEN_PAGE_SHIFT
XenPageSize                        (1 << XEN_PAGE_SHIFT)
SringHeaderSize                    offsetof(struct netif_tx_sring, ring)
SchedOpYield                       SCHEDOP_yield
SchedOpBlock                       SCHEDOP_block
SchedOpShutdown                    SCHEDOP_shutdown
SchedOpPoll                        SCHEDOP_poll
SchedOpRemoteShutdown              SCHEDOP_remote_shutdown
SchedOpShutdownCode                SCHEDOP_shutdown_code
SchedOpWatchdog                    SCHEDOP_watchdog
SchedOpPinOverride                 SCHEDOP_pin_override
ShutdownPoweroff                   SHUTDOWN_poweroff
ShutdownReboot                     SHUTDOWN_reboot
ShutdownSuspend                    SHUTDOWN_suspend
ShutdownCrash                      SHUTDOWN_crash
ShutdownWatchdog                   SHUTDOWN_watchdog
ShutdownSoftReset                  SHUTDOWN_soft_reset
ShutdownMax                        SHUTDOWN_MAX
PvclockTSCStableBit                XEN_PVCLOCK_TSC_STABLE_BIT
PvclockGuestStopped                XEN_PVCLOCK_GUEST_STOPPED
LegacyMaxVCPUs                     XEN_LEGACY_MAX_VCPUS
Evtchn2LNrChannels                 EVTCHN_2L_NR_CHANNELS
MemmapTypeRAM                      XEN_HVM_MEMMAP_TYPE_RAM
MemmapTypeReserved                 XEN_HVM_MEMMAP_TYPE_RESERVED
MemmapTypeACPI                     XEN_HVM_MEMMAP_TYPE_ACPI
MemmapTypeNVS                      XEN_HVM_MEMMAP_TYPE_NVS
MemmapTypeUnusable                 XEN_HVM_MEMMAP_TYPE_UNUSABLE
MemmapTypeDisabled                 XEN_HVM_MEMMAP_TYPE_DISABLED
MemmapTypePMEM                     XEN_HVM_MEMMAP_TYPE_PMEM
SIFPrivileged                      SIF_PRIVILEGED
SIFInitdomain                      SIF_INITDOMAIN
SIFMultibootMod                    SIF_MULTIBOOT_MOD
SIFModStartPFN                     SIF_MOD_START_PFN
SIFVirtP2M4Tools                   SIF_VIRT_P2M_4TOOLS
SIFPMMask                          SIF_PM_MASK
HVMStartMagic                      XEN_HVM_START_MAGIC_VALUE
DomIDFirstReserved                 DOMID_FIRST_RESERVED
DomIDSelf                          DOMID_SELF
DomIDIO                            DOMID_IO
DomIDXen                           DOMID_XEN
DomIDCOW                           DOMID_COW
DomIDInvalid                       DOMID_INVALID
DomIDIdle                          DOMID_IDLE
DomIDMask                          DOMID_MASK
VCPUOpInitialise                   VCPUOP_initialise
VCPUOpUp                           VCPUOP_up
VCPUOpDown                         VCPUOP_down
VCPUOpIsUp                         VCPUOP_is_up
VCPUOpGetRunstateInfo              VCPUOP_get_runstate_info
VCPUOpRegisterRunstateMemoryArea   VCPUOP_register_runstate_memory_area
VCPUOpSetPeriodicTimer             VCPUOP_set_periodic_timer
VCPUOpStopPeriodicTimer            VCPUOP_stop_periodic_timer
VCPUOpSetSingleshotTimer           VCPUOP_set_singleshot_timer
VCPUOpStopSingleshotTimer          VCPUOP_stop_singleshot_timer
VCPUOpRegisterVCPUInfo             VCPUOP_register_vcpu_info
VCPUOpSendNMI                      VCPUOP_send_nmi
VCPUOpGetPhysid                    VCPUOP_get_physid
VCPUOpRegisterVCPUTimeMemoryArea   VCPUOP_register_vcpu_time_memory_area
RunstateRunning                    RUNSTATE_running
RunstateRunnable                   RUNSTATE_runnable
RunstateBlocked                    RUNSTATE_blocked
RunstateOffline                    RUNSTATE_offline
XenRunstateUpdate                  XEN_RUNSTATE_UPDATE
VCPUSshottmrFuture                 VCPU_SSHOTTMR_future
XenverVersion                      XENVER_version
XenverExtraversion                 XENVER_extraversion
XenverCompileInfo                  XENVER_compile_info
XenverCapabilities                 XENVER_capabilities
XenverChangeset                    XENVER_changeset
XenverPlatformParameters           XENVER_platform_parameters
XenverGetFeatures                  XENVER_get_features
XenverPagesize                     XENVER_pagesize
XenverGuestHandle                  XENVER_guest_handle
XenverCommandline                  XENVER_commandline
XenverBuildID                      XENVER_build_id
FeatureWritablePageTables          XENFEAT_writable_page_tables
FeatureWritableDescriptorTables    XENFEAT_writable_descriptor_tables
FeatureAutoTranslatedPhysmap       XENFEAT_auto_translated_physmap
FeatureSupervisorModeKernel        XENFEAT_supervisor_mode_kernel
FeaturePAEPgdirAbove4GB            XENFEAT_pae_pgdir_above_4gb
FeatureMMUPtUpdatePreserveAD       XENFEAT_mmu_pt_update_preserve_ad
FeatureHighmemAssist               XENFEAT_highmem_assist
FeatureGnttabMapAvailBits          XENFEAT_gnttab_map_avail_bits
FeatureHVMCallbackVector           XENFEAT_hvm_callback_vector
FeatureHVMSafePvclock              XENFEAT_hvm_safe_pvclock
FeatureHVMPirqs                    XENFEAT_hvm_pirqs
FeatureDom0                        XENFEAT_dom0
FeatureMemoryOpVnodeSupported      XENFEAT_memory_op_vnode_supported
FeatureARMSMCCCSupported           XENFEAT_ARM_SMCCC_supported
FeatureLinuxRSDPUnrestricted       XENFEAT_linux_rsdp_unrestricted
FeatureNotDirectMapped             XENFEAT_not_direct_mapped
FeatureDirectMapped                XENFEAT_direct_mapped
XenFeatNrSubmaps                   XENFEAT_NR_SUBMAPS
VIRQTimer                          VIRQ_TIMER
VIRQDebug                          VIRQ_DEBUG
VIRQConsole                        VIRQ_CONSOLE
VIRQDomExc                         VIRQ_DOM_EXC
VIRQTbuf                           VIRQ_TBUF
VIRQDebugger                       VIRQ_DEBUGGER
VIRQXenoprof                       VIRQ_XENOPROF
VIRQConRing                        VIRQ_CON_RING
VIRQPCPUState                      VIRQ_PCPU_STATE
VIRQMemEvent                       VIRQ_MEM_EVENT
VIRQArgo                           VIRQ_ARGO
VIRQEnomem                         VIRQ_ENOMEM
VIRQXenpmu                         VIRQ_XENPMU
VIRQArch0                          VIRQ_ARCH_0
VIRQArch1                          VIRQ_ARCH_1
VIRQArch2                          VIRQ_ARCH_2
VIRQArch3                          VIRQ_ARCH_3
VIRQArch4                          VIRQ_ARCH_4
VIRQArch5                          VIRQ_ARCH_5
VIRQArch6                          VIRQ_ARCH_6
VIRQArch7                          VIRQ_ARCH_7
NumVIRQs                           NR_VIRQS
XenbusStateUnknown                 XenbusStateUnknown
XenbusStateInitialising            XenbusStateInitialising
XenbusStateInitWait                XenbusStateInitWait
XenbusStateInitialised             XenbusStateInitialised
XenbusStateConnected               XenbusStateConnected
XenbusStateClosing                 XenbusStateClosing
XenbusStateClosed                  XenbusStateClosed
XenbusStateReconfiguring           XenbusStateReconfiguring
XenbusStateReconfigured            XenbusStateReconfigured
XSControl                          XS_CONTROL
XSDebug                            XS_DEBUG
XSDirectory                        XS_DIRECTORY
XSRead                             XS_READ
XSGetPerms                         XS_GET_PERMS
XSWatch                            XS_WATCH
XSUnwatch                          XS_UNWATCH
XSTransactionStart                 XS_TRANSACTION_START
XSTransactionEnd                   XS_TRANSACTION_END
XSIntroduce                        XS_INTRODUCE
XSRelease                          XS_RELEASE
XSGetDomainPath                    XS_GET_DOMAIN_PATH
XSWrite                            XS_WRITE
XSMkdir                            XS_MKDIR
XSRm                               XS_RM
XSSetPerms                         XS_SET_PERMS
XSWatchEvent                       XS_WATCH_EVENT
XSError                            XS_ERROR
XSIsDomainIntroduced               XS_IS_DOMAIN_INTRODUCED
XSResume                           XS_RESUME
XSSetTarget                        XS_SET_TARGET
XSResetWatches                     XS_RESET_WATCHES
XSDirectoryPart                    XS_DIRECTORY_PART
XSTypeCount                        XS_TYPE_COUNT
XSInvalid                          XS_INVALID
XSWatchPath                        XS_WATCH_PATH
XSWatchToken                       XS_WATCH_TOKEN
XenstoreRingSize                   XENSTORE_RING_SIZE
XenstorePayloadMax                 XENSTORE_PAYLOAD_MAX
XenstoreAbsPathMax                 XENSTORE_ABS_PATH_MAX
XenstoreRelPathMax                 XENSTORE_REL_PATH_MAX
XenstoreServerFeatureReconnection  XENSTORE_SERVER_FEATURE_RECONNECTION
XenstoreServerFeatureError         XENSTORE_SERVER_FEATURE_ERROR
XenstoreConnected                  XENSTORE_CONNECTED
XenstoreReconnect                  XENSTORE_RECONNECT
XenstoreErrorNone                  XENSTORE_ERROR_NONE
XenstoreErrorComm                  XENSTORE_ERROR_COMM
XenstoreErrorRingidx               XENSTORE_ERROR_RINGIDX
XenstoreErrorProto                 XENSTORE_ERROR_PROTO
`

// A check is one C expression and the Go value it must have.
type check struct {
	what   string
	c      string
	want   constant.Value
	atMost bool // C value may be smaller (alignment: Go may be stricter)
}

func requireOrSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("XEN_LAYOUT_TEST_REQUIRED") == "1" {
		t.Fatalf("%s, and XEN_LAYOUT_TEST_REQUIRED=1", msg)
	}
	t.Skipf("skipping C layout check: %s (needs gcc and libxen-dev's /usr/include/xen on linux/amd64)", msg)
}

func TestLayoutMatchesCHeaders(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		requireOrSkip(t, "the layouts are x86_64's, this is GOARCH=%s", runtime.GOARCH)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		requireOrSkip(t, "gcc not found")
	}
	if _, err := os.Stat("/usr/include/xen/xen.h"); err != nil {
		requireOrSkip(t, "/usr/include/xen/xen.h not found")
	}

	checks := layoutChecks(t, loadPackage(t))
	var prog strings.Builder
	prog.WriteString(cPrologue)
	prog.WriteString("\nint main(void) {\n")
	for i, c := range checks {
		fmt.Fprintf(&prog, "\tP(%d, %s); /* %s */\n", i, c.c, c.what)
	}
	prog.WriteString("\treturn 0;\n}\n")

	dir := t.TempDir()
	src := filepath.Join(dir, "layout.c")
	bin := filepath.Join(dir, "layout")
	if err := os.WriteFile(src, []byte(prog.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(gcc, "-std=gnu11", "-I/usr/include", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("compiling the C side (%s) failed: %v\n%s", src, err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatalf("running the C side failed: %v", err)
	}

	got := make(map[int]string)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var id int
		var val string
		if _, err := fmt.Sscan(sc.Text(), &id, &val); err != nil {
			t.Fatalf("bad C output line %q", sc.Text())
		}
		got[id] = val
	}
	for i, c := range checks {
		s, ok := got[i]
		if !ok {
			t.Errorf("%s: no C output", c.what)
			continue
		}
		b, ok := new(big.Int).SetString(s, 10)
		if !ok {
			t.Errorf("%s: C printed %q", c.what, s)
			continue
		}
		cv := constant.Make(b)
		if c.atMost {
			if constant.Compare(cv, token.GTR, c.want) {
				t.Errorf("%s: C %s = %s, more than Go's %s", c.what, c.c, cv, c.want)
			}
		} else if !constant.Compare(cv, token.EQL, c.want) {
			t.Errorf("%s: C %s = %s, Go has %s", c.what, c.c, cv, c.want)
		}
	}
	t.Logf("%d checks against the C headers", len(checks))
}

// TestLayoutTableIsComplete runs everywhere: it makes sure the table
// names every struct and constant of the package, and only those.
func TestLayoutTableIsComplete(t *testing.T) {
	layoutChecks(t, loadPackage(t))
}

// loadPackage type-checks this package's non-test files, which gives the
// exact value of every constant by name.
func loadPackage(t *testing.T) *types.Package {
	t.Helper()
	if runtime.GOOS == "xen" {
		t.Skip("type-checking from source needs the standard library's sources, which a guest does not have")
	}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("xen/hypercall", fset, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func layoutChecks(t *testing.T, pkg *types.Package) []check {
	t.Helper()
	var checks []check
	add := func(what, c string, want constant.Value) {
		checks = append(checks, check{what: what, c: c, want: want})
	}
	u := func(v uintptr) constant.Value { return constant.MakeUint64(uint64(v)) }
	signed := func(rt reflect.Type) (isInt bool, v constant.Value) {
		switch rt.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return true, constant.MakeInt64(1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			// A guest handle is a struct in C: only its size is checked.
			return rt != reflect.TypeFor[GuestHandle](), constant.MakeInt64(0)
		}
		return false, nil
	}

	// Structs: every exported struct type must be in cStructs.
	covered := make(map[string]bool)
	for _, s := range cStructs {
		rt := s.goType
		covered[rt.Name()] = true
		size := s.size
		if size == "" {
			size = "sizeof(" + s.c + ")"
		}
		add(rt.Name()+" size", size, u(rt.Size()))
		if s.size == "" {
			// Go may align more strictly than C (E820Entry is packed in
			// C), never less, or Go-allocated arguments could be
			// misaligned. A type describing only a prefix (SringHeader)
			// has no alignment of its own to compare.
			checks = append(checks, check{what: rt.Name() + " alignment", c: "_Alignof(" + s.c + ")", want: u(uintptr(rt.Align())), atMost: true})
		}
		named := make(map[string]bool)
		for _, pair := range strings.Fields(s.fields) {
			goName, cName, ok := strings.Cut(pair, "=")
			if !ok {
				t.Fatalf("%s: bad field pair %q", rt.Name(), pair)
			}
			f, ok := rt.FieldByName(goName)
			if !ok {
				t.Errorf("%s: table names field %s, which the Go struct lacks", rt.Name(), goName)
				continue
			}
			named[goName] = true
			what := rt.Name() + "." + goName
			field := "((" + s.c + " *)0)->" + cName
			add(what+" offset", "offsetof("+s.c+", "+cName+")", u(f.Offset))
			add(what+" size", "sizeof("+field+")", u(f.Type.Size()))
			if isInt, v := signed(f.Type); isInt {
				add(what+" signedness", "SIGNED("+field+")", v)
			}
		}
		for i := range rt.NumField() {
			if f := rt.Field(i); f.Name != "_" && !named[f.Name] {
				t.Errorf("%s.%s is missing from the table", rt.Name(), f.Name)
			}
		}
	}
	for _, s := range cScalars {
		add(s.goType.Name()+" size", "sizeof("+s.c+")", u(s.goType.Size()))
		if isInt, v := signed(s.goType); isInt {
			add(s.goType.Name()+" signedness", "SIGNED(("+s.c+")0)", v)
		}
	}
	for _, e := range cExtras {
		add(e.c, e.c, constant.MakeUint64(e.val))
	}

	// Constants: the table and the package must name the same set.
	scope := pkg.Scope()
	inTable := make(map[string]bool)
	for _, line := range strings.Split(cConsts, "\n") {
		goName, cExpr, _ := strings.Cut(strings.TrimSpace(line), " ")
		if goName == "" {
			continue
		}
		if inTable[goName] {
			t.Errorf("constant %s is in the table twice", goName)
		}
		inTable[goName] = true
		obj, ok := scope.Lookup(goName).(*types.Const)
		if !ok {
			t.Errorf("table names constant %s, which the package lacks", goName)
			continue
		}
		if obj.Val().Kind() != constant.Int {
			t.Errorf("constant %s is not an integer; the C side prints integers only", goName)
			continue
		}
		add(goName, strings.TrimSpace(cExpr), obj.Val())
	}
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			if !inTable[name] {
				t.Errorf("constant %s is missing from the table", name)
			}
		case *types.TypeName:
			if _, isStruct := obj.Type().Underlying().(*types.Struct); isStruct && !covered[name] {
				t.Errorf("struct %s is missing from the table", name)
			}
		}
	}
	return checks
}
