# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'entry_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

from wenming_desktop.gui.attachment_list import AttachmentList

class Ui_EntryDialog(object):
    def setupUi(self, EntryDialog):
        if not EntryDialog.objectName():
            EntryDialog.setObjectName(u"EntryDialog")
        EntryDialog.resize(720, 640)
        self.mainLayout = QVBoxLayout(EntryDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.areaLabel = QLabel(EntryDialog)
        self.areaLabel.setObjectName(u"areaLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.areaLabel)

        self.areaCombo = QComboBox(EntryDialog)
        self.areaCombo.setObjectName(u"areaCombo")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.areaCombo)

        self.dateLabel = QLabel(EntryDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.dateRow = QHBoxLayout()
        self.dateRow.setObjectName(u"dateRow")
        self.dateEdit = QDateEdit(EntryDialog)
        self.dateEdit.setObjectName(u"dateEdit")
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setMinimumDate(QDate(1949, 1, 1))
        self.dateEdit.setMaximumDate(QDate(2100, 12, 31))

        self.dateRow.addWidget(self.dateEdit)

        self.endDateCheck = QCheckBox(EntryDialog)
        self.endDateCheck.setObjectName(u"endDateCheck")

        self.dateRow.addWidget(self.endDateCheck)

        self.endDateEdit = QDateEdit(EntryDialog)
        self.endDateEdit.setObjectName(u"endDateEdit")
        self.endDateEdit.setEnabled(False)
        self.endDateEdit.setCalendarPopup(True)
        self.endDateEdit.setMinimumDate(QDate(1949, 1, 1))
        self.endDateEdit.setMaximumDate(QDate(2100, 12, 31))

        self.dateRow.addWidget(self.endDateEdit)

        self.dateSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dateRow.addItem(self.dateSpacer)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.dateRow)

        self.nameLabel = QLabel(EntryDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(EntryDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.kindLabel = QLabel(EntryDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(EntryDialog)
        self.kindCombo.setObjectName(u"kindCombo")
        self.kindCombo.setEditable(True)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.locationLabel = QLabel(EntryDialog)
        self.locationLabel.setObjectName(u"locationLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.locationLabel)

        self.locationEdit = QLineEdit(EntryDialog)
        self.locationEdit.setObjectName(u"locationEdit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.locationEdit)

        self.organizerLabel = QLabel(EntryDialog)
        self.organizerLabel.setObjectName(u"organizerLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.organizerLabel)

        self.organizerEdit = QLineEdit(EntryDialog)
        self.organizerEdit.setObjectName(u"organizerEdit")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.organizerEdit)

        self.participantsLabel = QLabel(EntryDialog)
        self.participantsLabel.setObjectName(u"participantsLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.participantsLabel)

        self.numbersRow = QHBoxLayout()
        self.numbersRow.setObjectName(u"numbersRow")
        self.participantsEdit = QLineEdit(EntryDialog)
        self.participantsEdit.setObjectName(u"participantsEdit")
        self.participantsEdit.setMaximumWidth(140)

        self.numbersRow.addWidget(self.participantsEdit)

        self.hoursLabel = QLabel(EntryDialog)
        self.hoursLabel.setObjectName(u"hoursLabel")

        self.numbersRow.addWidget(self.hoursLabel)

        self.hoursEdit = QLineEdit(EntryDialog)
        self.hoursEdit.setObjectName(u"hoursEdit")
        self.hoursEdit.setMaximumWidth(140)

        self.numbersRow.addWidget(self.hoursEdit)

        self.numbersSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.numbersRow.addItem(self.numbersSpacer)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.numbersRow)

        self.contentLabel = QLabel(EntryDialog)
        self.contentLabel.setObjectName(u"contentLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.contentLabel)

        self.contentEdit = QPlainTextEdit(EntryDialog)
        self.contentEdit.setObjectName(u"contentEdit")
        self.contentEdit.setTabChangesFocus(True)

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.contentEdit)

        self.remarksLabel = QLabel(EntryDialog)
        self.remarksLabel.setObjectName(u"remarksLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.remarksLabel)

        self.remarksEdit = QPlainTextEdit(EntryDialog)
        self.remarksEdit.setObjectName(u"remarksEdit")
        self.remarksEdit.setTabChangesFocus(True)
        self.remarksEdit.setMaximumHeight(90)

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.remarksEdit)


        self.mainLayout.addLayout(self.form)

        self.attachmentsBox = QGroupBox(EntryDialog)
        self.attachmentsBox.setObjectName(u"attachmentsBox")
        self.attachmentsLayout = QHBoxLayout(self.attachmentsBox)
        self.attachmentsLayout.setObjectName(u"attachmentsLayout")
        self.attachmentList = AttachmentList(self.attachmentsBox)
        self.attachmentList.setObjectName(u"attachmentList")
        self.attachmentList.setMaximumHeight(150)

        self.attachmentsLayout.addWidget(self.attachmentList)

        self.attachmentButtons = QVBoxLayout()
        self.attachmentButtons.setObjectName(u"attachmentButtons")
        self.addAttachmentButton = QPushButton(self.attachmentsBox)
        self.addAttachmentButton.setObjectName(u"addAttachmentButton")

        self.attachmentButtons.addWidget(self.addAttachmentButton)

        self.openAttachmentButton = QPushButton(self.attachmentsBox)
        self.openAttachmentButton.setObjectName(u"openAttachmentButton")

        self.attachmentButtons.addWidget(self.openAttachmentButton)

        self.removeAttachmentButton = QPushButton(self.attachmentsBox)
        self.removeAttachmentButton.setObjectName(u"removeAttachmentButton")

        self.attachmentButtons.addWidget(self.removeAttachmentButton)

        self.attachmentSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.attachmentButtons.addItem(self.attachmentSpacer)


        self.attachmentsLayout.addLayout(self.attachmentButtons)


        self.mainLayout.addWidget(self.attachmentsBox)

        self.problemLabel = QLabel(EntryDialog)
        self.problemLabel.setObjectName(u"problemLabel")
        self.problemLabel.setWordWrap(True)
        self.problemLabel.setVisible(False)
        self.problemLabel.setStyleSheet(u"color: #b00020; padding: 4px;")

        self.mainLayout.addWidget(self.problemLabel)

        self.buttonBox = QDialogButtonBox(EntryDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.areaLabel.setBuddy(self.areaCombo)
        self.dateLabel.setBuddy(self.dateEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.locationLabel.setBuddy(self.locationEdit)
        self.organizerLabel.setBuddy(self.organizerEdit)
        self.participantsLabel.setBuddy(self.participantsEdit)
        self.hoursLabel.setBuddy(self.hoursEdit)
        self.contentLabel.setBuddy(self.contentEdit)
        self.remarksLabel.setBuddy(self.remarksEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.areaCombo, self.dateEdit)
        QWidget.setTabOrder(self.dateEdit, self.endDateCheck)
        QWidget.setTabOrder(self.endDateCheck, self.endDateEdit)
        QWidget.setTabOrder(self.endDateEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.locationEdit)
        QWidget.setTabOrder(self.locationEdit, self.organizerEdit)
        QWidget.setTabOrder(self.organizerEdit, self.participantsEdit)
        QWidget.setTabOrder(self.participantsEdit, self.hoursEdit)
        QWidget.setTabOrder(self.hoursEdit, self.contentEdit)
        QWidget.setTabOrder(self.contentEdit, self.remarksEdit)

        self.retranslateUi(EntryDialog)

        QMetaObject.connectSlotsByName(EntryDialog)
    # setupUi

    def retranslateUi(self, EntryDialog):
        EntryDialog.setWindowTitle(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u8bb0\u5f55", None))
        self.areaLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5de5\u4f5c\u677f\u5757", None))
        self.dateLabel.setText(QCoreApplication.translate("EntryDialog", u"\u65e5\u671f *", None))
        self.dateEdit.setDisplayFormat(QCoreApplication.translate("EntryDialog", u"yyyy-MM-dd", None))
        self.endDateCheck.setText(QCoreApplication.translate("EntryDialog", u"\u81f3", None))
#if QT_CONFIG(tooltip)
        self.endDateCheck.setToolTip(QCoreApplication.translate("EntryDialog", u"\u591a\u65e5\u6d3b\u52a8\uff1a\u52fe\u9009\u540e\u586b\u5199\u7ed3\u675f\u65e5\u671f", None))
#endif // QT_CONFIG(tooltip)
        self.endDateEdit.setDisplayFormat(QCoreApplication.translate("EntryDialog", u"yyyy-MM-dd", None))
        self.nameLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u540d\u79f0 *", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u4f8b\u5982\uff1a\u53ec\u5f00\u7cbe\u795e\u6587\u660e\u5efa\u8bbe\u4e13\u9898\u4f1a\u8bae", None))
        self.kindLabel.setText(QCoreApplication.translate("EntryDialog", u"\u7c7b\u578b", None))
        self.locationLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5730\u70b9", None))
        self.organizerLabel.setText(QCoreApplication.translate("EntryDialog", u"\u8d1f\u8d23\u4eba/\u7ec4\u7ec7\u90e8\u95e8", None))
        self.participantsLabel.setText(QCoreApplication.translate("EntryDialog", u"\u53c2\u52a0\u4eba\u6570\uff08\u4eba\u6b21\uff09", None))
        self.participantsEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u53ef\u4e0d\u586b", None))
        self.hoursLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5fd7\u613f\u670d\u52a1\u65f6\u957f\uff08\u5c0f\u65f6\uff09", None))
        self.hoursEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u53ef\u4e0d\u586b", None))
        self.contentLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u5185\u5bb9", None))
        self.contentEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u7684\u4e3b\u8981\u5185\u5bb9\uff0c\u53ef\u76f4\u63a5\u7528\u4e8e\u5e74\u5ea6\u603b\u7ed3", None))
        self.remarksLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6210\u6548/\u5907\u6ce8", None))
        self.attachmentsBox.setTitle(QCoreApplication.translate("EntryDialog", u"\u9644\u4ef6\uff08\u7167\u7247\u3001\u7b7e\u5230\u8868\u3001\u901a\u77e5\u7b49\uff0c\u53ef\u62d6\u5165\u6b64\u5904\uff09", None))
        self.addAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u6dfb\u52a0\u2026", None))
        self.openAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u6253\u5f00", None))
        self.removeAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u79fb\u9664", None))
    # retranslateUi

