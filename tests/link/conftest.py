"""Small lists in each supported format, written for these tests in the layouts of the published files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sanctionwatch.link import ScreeningIndex, build_index, read_list_file

UN_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID><FIRST_NAME>YUN</FIRST_NAME><SECOND_NAME>HO-JIN</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER>
      <LISTED_ON>2009-07-16</LISTED_ON><COMMENTS1>Director.</COMMENTS1>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Yun Ho-chin</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Mr Yun</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>381310014</NUMBER>
      </INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>2</DATAID><FIRST_NAME>OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.020</REFERENCE_NUMBER>
      <LISTED_ON>2014-07-28</LISTED_ON>
      <COMMENTS1>International Maritime Organization (IMO) Number: 1790183.</COMMENTS1>
      <ENTITY_ADDRESS><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

OFAC_CSV = (
    '101,"KIM, Jong Un","individual","DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 08 Jan 1984; nationality Korea, North; Passport 123456789 (Korea, North)."\r\n'
    '102,"CHON MYONG 1","vessel","DPRK3",-0- ,"HMNY","Oil Tanker",-0- ,"499","Korea, North",-0- ,'
    '"Vessel Registration Identification IMO 8712362; a.k.a. \'CHON MYONG\'."\r\n'
    '103,"KOREA RYONBONG GENERAL CORPORATION",-0- ,"NPWMD] [DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    "\x1a"
)
OFAC_ALT = '103,1,"aka","KOREA YONBONG GENERAL CORPORATION",-0- \r\n103,2,"fka","LYONGAKSAN GENERAL TRADING",-0- \r\n'
OFAC_ADD = '103,1,-0- ,"Pyongyang","Korea, North",-0- \r\n'

OFAC_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>04/06/2018</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>4632</uid><lastName>BANK MARKAZI JOMHOURI ISLAMI IRAN</lastName><sdnType>Entity</sdnType>
    <programList><program>IRAN</program></programList>
    <akaList>
      <aka><uid>1</uid><type>a.k.a.</type><category>strong</category><lastName>CENTRAL BANK OF IRAN</lastName></aka>
      <aka><uid>2</uid><type>a.k.a.</type><category>weak</category><lastName>BMJII</lastName></aka>
    </akaList>
    <addressList><address><uid>3</uid><city>Tehran</city><country>Iran</country></address></addressList>
  </sdnEntry>
</sdnList>
"""

EU_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2018-12-21T14:39:54.511+01:00">
  <sanctionEntity euReferenceNumber="EU.36.64" logicalId="1">
    <regulation programme="ZWE" publicationDate="2018-02-16" entryIntoForceDate="2018-02-16"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias wholeName="Robert Gabriel Mugabe" strong="true"/>
    <nameAlias wholeName="Bob" strong="false"/>
    <citizenship countryIso2Code="ZW" countryDescription="ZIMBABWE"/>
    <identification number="AD001095" identificationTypeCode="passport"/>
  </sanctionEntity>
</export>
"""

FTM_JSON = "\n".join([
    '{"id": "NK-1", "schema": "Vessel", "properties": {"name": ["WISE HONEST"], "imoNumber": ["IMO8905490"],'
    ' "flag": ["kp"]}, "datasets": ["demo_vessels"]}',
    '{"id": "NK-2", "schema": "Sanction", "properties": {"entity": ["NK-1"], "program": ["UN 1718"],'
    ' "unscId": ["KPe.999"], "listingDate": ["2019-05-09"]}, "datasets": ["demo_vessels"]}',
    '{"id": "NK-3", "schema": "Address", "properties": {"full": ["Pyongyang"]}, "datasets": ["demo_vessels"]}',
]) + "\n"


BIS_DPL = "\n".join("\t".join(f'"{cell}"' for cell in row) for row in [
    ("Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date", "Expiration_Date",
     "Standard_Order", "Last_Update", "Action", "FR_Citation"),
    ("NORTHERN LIGHT TRADING LLC", "12 HARBOUR ROAD", "DUBAI", "", "AE", "", "03/15/2023", "03/15/2033", "Y",
     "2023-03-20", "F.R. NOTICE ADDED", "88 F.R. 16001 3/20/2023"),
    ("NORTHERN LIGHT TRADING LLC", "4 QUAY STREET", "LIMASSOL", "", "CY", "", "03/15/2023", "03/15/2033", "Y",
     "2023-03-20", "F.R. NOTICE ADDED", "88 F.R. 16001 3/20/2023"),
    ("ANNA (A.K.A. ANYA PETROVA) SMIRNOVA", "7 LENIN AVENUE", "SAINT PETERSBURG", "", "RU", "", "11/02/2022",
     "", "Y", "2022-11-08", "F.R. NOTICE ADDED", "87 F.R. 67012 11/8/2022"),
    ("EASTWIND CARGO AIRLINES D/B/A EASTWIND AIR", "", "", "", "", "", "06/24/2022", "12/21/2022", "Y", "2022-06-29",
     "F.R. NOTICE ADDED", "87 F.R. 38709 6/29/2022"),
]) + "\n"


SAMPLES = {"un": ("un.xml", UN_XML), "ofac_csv": ("sdn.csv", OFAC_CSV), "ofac_xml": ("cons.xml", OFAC_XML),
           "eu": ("eu.xml", EU_XML), "ftm": ("vessels.ftm.json", FTM_JSON), "ofac_alt": ("alt.csv", OFAC_ALT),
           "ofac_add": ("add.csv", OFAC_ADD), "bis_dpl": ("dpl.txt", BIS_DPL)}


@dataclasses.dataclass
class Samples:
    folder: Path

    def path(self, key: str) -> Path:
        """Write the sample ``key`` (see SAMPLES) into the test's folder and return its path."""
        name, text = SAMPLES[key]
        return self.write(name, text)

    def write(self, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = self.folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path


@pytest.fixture
def samples(tmp_path: Path) -> Samples:
    return Samples(tmp_path)


@pytest.fixture
def index(samples: Samples) -> ScreeningIndex:
    """An index over the UN, OFAC CSV and FtM samples (list versions 1, 2 and 3)."""
    entries = [entry for key in ("un", "ofac_csv", "ftm") for entry in read_list_file(samples.path(key)).entries]
    return build_index(entries, {"un_sc": 1, "ofac_sdn": 2, "demo_vessels": 3})
