"""Writes this folder's password-protected workbooks with LibreOffice (README.md).

Run once, by hand, with the Python that has LibreOffice's UNO bridge (Debian: python3-uno,
which comes with libreoffice-calc-nogui), not the project's virtualenv:

    /usr/bin/python3 tests/loaders/files/make_files.py

It starts `soffice --headless` with a throwaway profile, types a small workbook into a new
Calc document and saves it twice with the password `abc`: as Excel 97-2003
(`password_libreoffice.xls`, a FILEPASS record in its Workbook stream) and as OpenDocument
(`password_libreoffice.ods`, `manifest:encryption-data` in its manifest). The tests only read
the files; they never need LibreOffice.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

HERE = Path(__file__).resolve().parent
PASSWORD = "abc"
#: file name, LibreOffice export filter
OUTPUTS = (("password_libreoffice.xls", "MS Excel 97"), ("password_libreoffice.ods", "calc8"))
ROWS = (("공약번호", "공약명"), (1, "시험 공약"))


def _props(**values: object) -> tuple[PropertyValue, ...]:
    found = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        found.append(prop)
    return tuple(found)


def _connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(100):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.2)
    raise SystemExit("soffice did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as profile:
        pipe = f"make_files_{Path(profile).name}"
        office = subprocess.Popen([
            "soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
            "--norestore", f"--accept=pipe,name={pipe};urp;",
        ])
        try:
            context = _connect(pipe)
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            document = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, _props(Hidden=True))
            sheet = document.Sheets.getByIndex(0)
            sheet.Name = "Sheet1"
            for r, row in enumerate(ROWS):
                for c, value in enumerate(row):
                    cell = sheet.getCellByPosition(c, r)
                    if isinstance(value, str):
                        cell.String = value
                    else:
                        cell.Value = value
            for name, filter_name in OUTPUTS:
                url = (HERE / name).as_uri()
                document.storeToURL(url, _props(FilterName=filter_name, Password=PASSWORD, Overwrite=True))
                print(f"{name}: {filter_name}, password {PASSWORD!r}")
            document.close(True)
            desktop.terminate()
        finally:
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main()
