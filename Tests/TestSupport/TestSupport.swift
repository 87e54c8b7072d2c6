// SPDX-License-Identifier: Apache-2.0

// TODO: process, port and SeaweedFS helpers arrive with the first tests that need them.
public enum TestSupport {}
