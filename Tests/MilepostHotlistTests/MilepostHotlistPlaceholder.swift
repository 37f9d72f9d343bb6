// Placeholder so the test target compiles before its first real test lands; delete it then.
import MilepostHotlist
