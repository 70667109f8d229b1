# English for an international audience: day before month and a 24-hour clock ("Wed 16 Jan 2030,
# 18:00"), not Django's American "Jan. 16, 2030, 6 p.m.". Spanish and Portuguese keep Django's.
DATETIME_FORMAT = "D j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
