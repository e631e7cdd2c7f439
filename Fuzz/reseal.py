#!/usr/bin/env python3
"""Turns a snapshot-target finding into the file the fuzz target really opened: drops the control
byte and, when its bit 0 is set, re-seals the checksums as FuzzChecks.resealed does.
  Fuzz/reseal.py findings/snapshot/crash-… OUT.migstat"""
import struct, sys

def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF

raw = open(sys.argv[1], "rb").read()
data = bytearray(raw[1:])
if raw and raw[0] & 1 and len(data) >= 64:
    mask = 2**63 - 1
    blocks = struct.unpack_from("<I", data, 12)[0]
    directory = struct.unpack_from("<Q", data, 24)[0] & mask
    if blocks < 4096 and directory >= 64 and directory + blocks * 48 <= len(data):
        for i in range(blocks):
            entry = directory + i * 48
            offset, length = (v & mask for v in struct.unpack_from("<QQ", data, entry + 24))
            if offset <= len(data) and length <= len(data) - offset:
                struct.pack_into("<I", data, entry + 40, crc32c(data[offset:offset + length]))
        struct.pack_into("<I", data, 32, crc32c(data[directory:directory + blocks * 48]))
    struct.pack_into("<I", data, 60, crc32c(data[0:60]))
open(sys.argv[2], "wb").write(data)
