"""Labour disputes (Form 11): an employer and a union or group of workers, issues, conciliation meetings."""
