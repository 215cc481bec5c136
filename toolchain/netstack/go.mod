module goxen/toolchain/netstack

go 1.25
