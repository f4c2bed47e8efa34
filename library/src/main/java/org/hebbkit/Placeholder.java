package org.hebbkit; final class Placeholder {}
