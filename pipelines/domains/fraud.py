"""Credit-card fraud detection on the ULB data set (Dal Pozzolo et al. 2015)."""

from pipelines.domains.spec import DomainSpec, FeatureGroups, Thresholds, TrainingBudget

FRAUD = DomainSpec(
    name="fraud",
    description="Flag fraudulent card transactions (PCA features V1-V28, time, amount).",
    data_path="data/fraud/creditcard_sample.csv.gz",
    label="Class",
    features=FeatureGroups(
        numeric=("Time",) + tuple(f"V{i}" for i in range(1, 29)),
        log_numeric=("Amount",),
    ),
    # Frauds are ~2% of the sample (0.17% of the full set): AUC-PR, not ROC-AUC, is the
    # metric that moves when the model gets better at the rare class.
    thresholds=Thresholds(metric="auc_precision_recall", lower_bound=0.6, max_regression=0.02),
    operating_threshold=0.5,
    budget=TrainingBudget(max_epochs=15, batch_size=256, early_stopping_patience=3),
)
