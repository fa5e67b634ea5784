"""A bare PySide6 window: the size and start-up baseline for ``benchmarks/bundle.py``.

It does what ``modelhub --smoke-test`` does with the least possible code: open a main window,
run the event loop for ``--hold-ms`` milliseconds, close and exit 0.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke-test", action="store_true", help="close after --hold-ms")
    parser.add_argument("--hold-ms", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QLabel("Hello"))
    window.resize(800, 600)
    window.show()
    if args.smoke_test:
        QTimer.singleShot(args.hold_ms, window.close)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
