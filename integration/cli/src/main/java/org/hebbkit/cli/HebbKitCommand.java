package org.hebbkit.cli; public final class HebbKitCommand { public static void main(String[] a) {} }
